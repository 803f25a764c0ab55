import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { BackendError } from '../../bots/backendError';
import { readItem, updateItem } from '../../bots/state/storeItem';
import type { ManagedStorage } from '../../bots/state/types';
import { ORDERS_API, OrdersApiClient, problemText, type OrdersApiClientOptions } from './ordersApiClient';
import { createdReturnSchema, orderSchema, policySchema, problemSchema, schemaProblem, type WireOrder, type WireOrderItem } from './ordersApiSchema';
import { ReturnRefusedError, type Eligibility, type Ineligibility, type Order, type OrderItem, type ReturnPolicy, type ReturnRequest, type ReturnService, type Shipment } from './returnService';

export interface HttpOrderServiceOptions extends OrdersApiClientOptions {
  /**
   * The bot's storage. It keeps each customer's return requests (list() is for the agent inbox,
   * and the shop's system has no field for the bot's customer key) and the Idempotency-Key of a
   * return whose answer never came, so the customer's retry of that step repeats it, not a new one.
   */
  storage: ManagedStorage;
  /** The shop's time zone: `deliveredAt` is a date there, and the return window ends at its midnight. */
  timeZone: string;
  clock?: () => Date;
  /** How long the return policy is kept before it is asked for again; 10 minutes when unset. */
  policyTtlMs?: number;
}

interface Pending {
  idempotencyKey: string;
}
interface CustomerReturns {
  requests: ReturnRequest[];
}

const customerKey = (key: string) => `returns/api/customer/${key}`;
const pendingKey = (fingerprint: string) => `returns/api/pending/${fingerprint}`;
/** As long as the contract asks the API to keep an Idempotency-Key. */
const PENDING_TTL_SECONDS = 24 * 60 * 60;
/** A customer's requests kept for the inbox: far more than anyone makes, far below a store item's size limit. */
const MAX_LISTED = 100;

const toItem = ({ sku, category, price, names }: WireOrderItem): OrderItem => ({ sku, category, price, names });
const toShipment = ({ status, carrier, trackingNumber, trackingUrl, expectedDelivery, delayed }: NonNullable<WireOrder['shipment']>): Shipment => ({
  status,
  ...(carrier ? { carrier } : {}),
  ...(trackingNumber ? { trackingNumber } : {}),
  ...(trackingUrl ? { trackingUrl } : {}),
  ...(expectedDelivery ? { expectedDelivery } : {}),
  ...(delayed !== undefined ? { delayed } : {}),
});
const toOrder = ({ number, email, postcode, deliveredAt, shipment, items }: WireOrder): Order => ({
  number,
  email,
  postcode,
  ...(deliveredAt ? { deliveredAt } : {}),
  ...(shipment ? { shipment: toShipment(shipment) } : {}),
  items: items.map(toItem),
});

/** Why an item cannot be returned now, by the facts the order carries (docs/orders-api.yaml), in the sample's order of precedence. */
export function eligibilityOf(order: WireOrder, windowDays: number, now: Date, timeZone: string): Eligibility {
  const late = order.deliveredAt !== undefined && DateTime.fromJSDate(now, { zone: timeZone }) > DateTime.fromISO(order.deliveredAt, { zone: timeZone }).endOf('day').plus({ days: windowDays });
  const result: Eligibility = { eligible: [], refused: [] };
  for (const item of order.items) {
    const why: Ineligibility | undefined = item.returned ? 'returned' : !item.returnable ? 'category' : order.deliveredAt === undefined ? 'undelivered' : late ? 'window' : undefined;
    if (why) result.refused.push({ item: toItem(item), why });
    else result.eligible.push(toItem(item));
  }
  return result;
}

/** Orders and returns from the shop's order system over HTTP (docs/orders-api.yaml). */
export class HttpOrderService implements ReturnService {
  private readonly api: OrdersApiClient;
  private readonly storage: ManagedStorage;
  private readonly timeZone: string;
  private readonly now: () => Date;
  private readonly policyTtlMs: number;
  private loaded: { policy: ReturnPolicy; at: number } | undefined;

  constructor({ storage, timeZone, clock, policyTtlMs, ...api }: HttpOrderServiceOptions) {
    this.api = new OrdersApiClient(api);
    this.storage = storage;
    this.timeZone = timeZone;
    this.now = clock ?? (() => new Date());
    this.policyTtlMs = policyTtlMs ?? 10 * 60_000;
  }

  /**
   * The policy as last loaded. The dialog quotes it only after eligibility() or createReturn(),
   * which load it, so it is never read before the API was asked (`loadPolicy()` warms it up).
   */
  get policy(): ReturnPolicy {
    if (!this.loaded) throw new Error('HttpOrderService.policy: read before eligibility(), createReturn() or loadPolicy() loaded it');
    return this.loaded.policy;
  }

  async loadPolicy(): Promise<ReturnPolicy> {
    const at = Date.now();
    if (this.loaded && at - this.loaded.at < this.policyTtlMs) return this.loaded.policy;
    const answer = await this.api.call('GET', '/return-policy', {}, [200]);
    this.loaded = { policy: parsed(policySchema, answer.body, 'GET /return-policy'), at };
    return this.loaded.policy;
  }

  async findOrder(number: string, emailOrPostcode: string): Promise<Order | undefined> {
    const order = await this.lookUp(number.trim().replace(/^#/u, ''), emailOrPostcode.trim());
    return order && toOrder(order);
  }

  /** Asks again rather than trusting `order`: a return made since (here or by the shop) must show. */
  async eligibility(order: Order): Promise<Eligibility> {
    const [fresh, policy] = await Promise.all([this.lookUp(order.number, order.email), this.loadPolicy()]);
    if (!fresh) throw new BackendError(ORDERS_API, '404', `POST /orders/lookup: order ${order.number} is no longer found with its own e-mail address`);
    return eligibilityOf(fresh, policy.windowDays, this.now(), this.timeZone);
  }

  async createReturn(order: Order, request: Omit<ReturnRequest, 'rma' | 'createdAt' | 'orderNumber'>): Promise<ReturnRequest> {
    // First, so the refund days can be quoted once the return exists.
    await this.loadPolicy();
    const body = { skus: request.skus, reason: request.reason, resolution: request.resolution, ...(request.exchangeFor ? { exchangeFor: request.exchangeFor } : {}) };
    const key = pendingKey(createHash('sha256').update(JSON.stringify([request.customerKey, order.number, body])).digest('hex'));
    const pending = await updateItem<Pending>(this.storage, key, (current) => (current ? undefined : { idempotencyKey: randomUUID() }), PENDING_TTL_SECONDS);
    if (!pending) throw new Error('HttpOrderService.createReturn(): no idempotency key stored');
    const path = `/orders/${encodeURIComponent(order.number)}/returns`;
    // A failure with no answer keeps the key: the customer's retry of this step repeats this request.
    const answer = await this.api.call('POST', path, { body, idempotencyKey: pending.idempotencyKey }, [200, 201, 409, 422]);
    if (answer.status === 409 || answer.status === 422) {
      await this.storage.delete([key]);
      const problem = problemSchema.safeParse(answer.body);
      if (problem.success && problem.data.code === 'idempotency-key-reused') throw new BackendError(ORDERS_API, '422', `POST ${path}: ${problemText(answer.body)}`);
      throw new ReturnRefusedError(answer.status, `HttpOrderService.createReturn(): order ${order.number}, ${request.skus.join(', ')}: refused with ${answer.status} (${problemText(answer.body) || 'no reason given'})`);
    }
    const created = parsed(createdReturnSchema, answer.body, `POST ${path}`);
    const result: ReturnRequest = {
      rma: created.rma,
      orderNumber: created.orderNumber,
      skus: created.skus,
      reason: created.reason,
      resolution: created.resolution,
      ...(created.exchangeFor !== undefined ? { exchangeFor: created.exchangeFor } : {}),
      customerKey: request.customerKey,
      createdAt: created.createdAt,
    };
    // A repeated request answers with the RMA already listed, if the first answer did arrive.
    await updateItem<CustomerReturns>(this.storage, customerKey(request.customerKey), (current) =>
      current?.requests.some((r) => r.rma === result.rma) ? undefined : { requests: [...(current?.requests ?? []), result].slice(-MAX_LISTED) },
    );
    await this.storage.delete([key]);
    return result;
  }

  async list(key: string): Promise<ReturnRequest[]> {
    return (await readItem<CustomerReturns>(this.storage, customerKey(key)))?.requests ?? [];
  }

  private async lookUp(orderNumber: string, proof: string): Promise<WireOrder | undefined> {
    if (orderNumber === '' || proof === '') return undefined;
    const answer = await this.api.call('POST', '/orders/lookup', { body: { orderNumber, proof } }, [200, 404]);
    if (answer.status === 404) {
      // Only the contract's own 404 means "no such order": a wrong base URL must not tell every customer their order is unknown.
      const problem = problemSchema.safeParse(answer.body);
      if (problem.success && problem.data.code === 'order-not-found') return undefined;
      throw new BackendError(ORDERS_API, '404', 'POST /orders/lookup: answered 404 without code order-not-found (is the base URL right?)');
    }
    return parsed(orderSchema, answer.body, 'POST /orders/lookup');
  }
}

function parsed<T>(schema: z.ZodType<T>, body: unknown, place: string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new BackendError(ORDERS_API, 'invalid-answer', `${place}: the answer does not match docs/orders-api.yaml: ${schemaProblem(result.error)}`, { cause: result.error });
  return result.data;
}
