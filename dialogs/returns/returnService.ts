import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Locale } from '../../bots/config';
import { ETAG_NEW_ITEM, isETagConflict, type ManagedStorage } from '../../bots/state/types';
import { readItem, updateItem } from '../../bots/state/storeItem';
import data from './orders.json';

export interface OrderItem {
  sku: string;
  category: string;
  price: number;
  names: Record<Locale, string>;
}

/** Where an order's parcel is, as the order system knows it. */
export interface Shipment {
  status: 'processing' | 'shipped' | 'delivered';
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  /** ISO date (YYYY-MM-DD) in the shop's time zone. */
  expectedDelivery?: string;
  /** The carrier reported a delay (expectedDelivery is then the new date, if known). */
  delayed?: boolean;
}

export interface Order {
  number: string;
  email: string;
  postcode: string;
  /** ISO date (YYYY-MM-DD) in the shop's time zone; absent while the order is on its way. */
  deliveredAt?: string;
  /** What the order system says of the parcel; an order system that says nothing is read from deliveredAt. */
  shipment?: Shipment;
  items: OrderItem[];
}

/**
 * An order in orders.json: delivered (or expected) so many days from today instead of on a date,
 * so the demo always has an order inside the return window, one outside it and one on its way,
 * whatever today is.
 */
type SampleOrder = Omit<Order, 'deliveredAt' | 'shipment'> & {
  deliveredDaysAgo?: number;
  shipment?: Omit<Shipment, 'expectedDelivery'> & { expectedInDays?: number };
};

export type Ineligibility = 'window' | 'category' | 'returned' | 'undelivered';

export interface Eligibility {
  eligible: OrderItem[];
  refused: { item: OrderItem; why: Ineligibility }[];
}

export interface ReturnRequest {
  rma: string;
  orderNumber: string;
  skus: string[];
  reason: string;
  resolution: 'refund' | 'exchange';
  /** The size or variant the customer asked for in exchange ("L"), when they said one. */
  exchangeFor?: string;
  customerKey: string;
  createdAt: string;
}

/** The shop's return terms, as the replies quote them ("within 5 working days"). */
export interface ReturnPolicy {
  /** Days after delivery an item can be returned. */
  windowDays: number;
  /** Working days from the parcel's arrival to the refund. */
  refundWorkingDays: number;
}

/** Orders and return requests; a shop implements this against its order system. */
/**
 * The return cannot be made (an item was returned meanwhile, or can no longer be): the customer's
 * answer, not an outage. `status` is the order system's (409, 422), or 409 from the sample.
 */
export class ReturnRefusedError extends Error {
  override readonly name = 'ReturnRefusedError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ReturnService {
  readonly policy: ReturnPolicy;
  /** The order when number and e-mail (or postcode) belong together; never says which part was wrong. */
  findOrder(number: string, emailOrPostcode: string): Promise<Order | undefined>;
  eligibility(order: Order): Promise<Eligibility>;
  createReturn(order: Order, request: Omit<ReturnRequest, 'rma' | 'createdAt' | 'orderNumber'>): Promise<ReturnRequest>;
  /** The customer's return requests, newest last (for the agent inbox). */
  list(customerKey: string): Promise<ReturnRequest[]>;
}

const returnedKey = (order: string) => `returns/order/${order}`;
const rmaKey = (rma: string) => `returns/rma/${rma}`;
const customerKey = (key: string) => `returns/customer/${key}`;

// "31019" is "31-019" as people type it: spaces and hyphens do not count, on either side.
const normalise = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, '');

/** The sample order store (orders.json) with return requests persisted in the bot's storage. */
export class SampleReturnService implements ReturnService {
  readonly policy: ReturnPolicy = { windowDays: data.returnWindowDays, refundWorkingDays: data.refundWorkingDays };

  constructor(
    private readonly storage: ManagedStorage,
    private readonly timeZone: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async findOrder(number: string, emailOrPostcode: string): Promise<Order | undefined> {
    const sample = (data.orders as SampleOrder[]).find((o) => o.number === number.trim().replace(/^#/, ''));
    const proof = normalise(emailOrPostcode);
    if (!sample || (proof !== normalise(sample.email) && proof !== normalise(sample.postcode))) return undefined;
    const { deliveredDaysAgo, shipment, ...order } = sample;
    const today = DateTime.fromJSDate(this.now(), { zone: this.timeZone }).startOf('day');
    const deliveredAt = deliveredDaysAgo === undefined ? undefined : (today.minus({ days: deliveredDaysAgo }).toISODate() ?? undefined);
    const expected = shipment?.expectedInDays === undefined ? undefined : (today.plus({ days: shipment.expectedInDays }).toISODate() ?? undefined);
    const { expectedInDays: _days, ...known } = shipment ?? { status: 'processing' as const };
    return {
      ...order,
      ...(deliveredAt ? { deliveredAt } : {}),
      ...(shipment ? { shipment: { ...known, ...(expected ? { expectedDelivery: expected } : {}) } } : {}),
    };
  }

  async eligibility(order: Order): Promise<Eligibility> {
    const returned = await this.returnedSkus(order.number);
    const late = order.deliveredAt !== undefined && DateTime.fromJSDate(this.now(), { zone: this.timeZone }) > DateTime.fromISO(order.deliveredAt, { zone: this.timeZone }).endOf('day').plus({ days: this.policy.windowDays });
    const result: Eligibility = { eligible: [], refused: [] };
    for (const item of order.items) {
      const why: Ineligibility | undefined = returned.includes(item.sku) ? 'returned' : data.nonReturnableCategories.includes(item.category) ? 'category' : order.deliveredAt === undefined ? 'undelivered' : late ? 'window' : undefined;
      if (why) result.refused.push({ item, why });
      else result.eligible.push(item);
    }
    return result;
  }

  /** Records the return and marks its items returned, with an eTag so an item is returned once. */
  async createReturn(order: Order, request: Omit<ReturnRequest, 'rma' | 'createdAt' | 'orderNumber'>): Promise<ReturnRequest> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const item = (await this.storage.read([returnedKey(order.number)]))[returnedKey(order.number)] as { skus?: string[]; eTag?: string } | undefined;
      const already = item?.skus ?? [];
      if (request.skus.some((sku) => already.includes(sku))) throw new ReturnRefusedError(409, 'SampleReturnService.createReturn(): an item was already returned');
      try {
        await this.storage.write({ [returnedKey(order.number)]: { skus: [...already, ...request.skus], eTag: item?.eTag ?? ETAG_NEW_ITEM } });
      } catch (err) {
        if (isETagConflict(err)) continue;
        throw err;
      }
      const created: ReturnRequest = { ...request, orderNumber: order.number, rma: `RMA-${randomInt(100000, 999999)}`, createdAt: this.now().toISOString() };
      await this.storage.write({ [rmaKey(created.rma)]: created });
      await updateItem<{ rmas: string[] }>(this.storage, customerKey(request.customerKey), (current) => ({ rmas: [...(current?.rmas ?? []), created.rma] }));
      return created;
    }
    throw new Error('ReturnService.createReturn(): the order kept changing');
  }

  async list(key: string): Promise<ReturnRequest[]> {
    const rmas = (await readItem<{ rmas: string[] }>(this.storage, customerKey(key)))?.rmas ?? [];
    const items = await this.storage.read(rmas.map(rmaKey));
    return rmas.flatMap((rma) => {
      const item = items[rmaKey(rma)] as (ReturnRequest & { eTag?: string }) | undefined;
      if (!item) return [];
      const { eTag: _eTag, ...request } = item;
      return [request];
    });
  }

  private async returnedSkus(order: string): Promise<string[]> {
    const item = (await this.storage.read([returnedKey(order)]))[returnedKey(order)] as { skus?: string[] } | undefined;
    return item?.skus ?? [];
  }
}
