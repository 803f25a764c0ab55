import { once } from 'node:events';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import data from '../../dialogs/returns/orders.json';

/** One order of the sample file as JSON types it (the fields only some orders have are optional). */
type SampleOrder = Omit<(typeof data.orders)[number], 'deliveredDaysAgo' | 'shipment'> & {
  deliveredDaysAgo?: number;
  shipment?: { status: string; carrier?: string; trackingNumber?: string; trackingUrl?: string; expectedInDays?: number; delayed?: boolean };
};
const SAMPLE_ORDERS = data.orders as SampleOrder[];

export interface FakeOrdersApiOptions {
  /** The bearer token the fake accepts. */
  token: string;
  /** Today for the sample's `deliveredDaysAgo`, and the time a return is made. */
  clock: () => Date;
  timeZone: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
}

export interface FakeReturn {
  rma: string;
  orderNumber: string;
  skus: string[];
  reason: string;
  resolution: string;
  exchangeFor?: string;
  createdAt: string;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const BASE = '/switchboard/v1';
const REASONS = ['fit', 'damaged', 'wrong', 'mind', 'other'];
const normalise = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/gu, '');
const problem = (status: number, code: string, title: string, detail?: string): Reply => ({ status, body: { type: 'about:blank', title, status, code, ...(detail ? { detail } : {}) } });

/**
 * A shop's order system speaking docs/orders-api.yaml on 127.0.0.1, holding the sample's orders
 * (dialogs/returns/orders.json, so it and SampleReturnService answer alike), with Idempotency-Key
 * replay and switches for the faults a real one has: down, N errors (429 with Retry-After), a
 * hang, a garbled answer, an answer lost after the work was done.
 */
export async function startFakeOrdersApi(options: FakeOrdersApiOptions) {
  const returns: FakeReturn[] = [];
  const requests: SeenRequest[] = [];
  const answered = new Map<string, { fingerprint: string; reply: Reply }>();
  const hung = new Set<http.ServerResponse>();
  let failing: { status: number; left: number; retryAfter?: string } | undefined;
  let hanging = false;
  let limitedUntil = 0;
  let garbling: { kind: 'not-json' | 'wrong-shape'; left: number } | undefined;
  let losing = { left: 0, pathEnd: '' };

  const deliveredAt = (daysAgo: number) => DateTime.fromJSDate(options.clock(), { zone: options.timeZone }).startOf('day').minus({ days: daysAgo });
  const returnedSkus = (number: string) => returns.filter((r) => r.orderNumber === number).flatMap((r) => r.skus);
  const today = () => DateTime.fromJSDate(options.clock(), { zone: options.timeZone }).startOf('day');
  const wireShipment = ({ expectedInDays, ...shipment }: NonNullable<SampleOrder['shipment']>) => ({
    ...shipment,
    ...(expectedInDays !== undefined ? { expectedDelivery: today().plus({ days: expectedInDays }).toISODate() } : {}),
  });
  const wireOrder = (sample: SampleOrder) => ({
    number: sample.number,
    email: sample.email,
    postcode: sample.postcode,
    ...(sample.deliveredDaysAgo !== undefined ? { deliveredAt: deliveredAt(sample.deliveredDaysAgo).toISODate() } : {}),
    ...(sample.shipment ? { shipment: wireShipment(sample.shipment) } : {}),
    items: sample.items.map((item) => ({ ...item, returnable: !data.nonReturnableCategories.includes(item.category), returned: returnedSkus(sample.number).includes(item.sku) })),
  });

  function lookUp(body: { orderNumber?: unknown; proof?: unknown }): Reply {
    if (typeof body.orderNumber !== 'string' || typeof body.proof !== 'string') return problem(400, 'invalid-request', 'orderNumber and proof are required');
    const proof = normalise(body.proof);
    const sample = SAMPLE_ORDERS.find((o) => o.number === body.orderNumber && (normalise(o.email) === proof || normalise(o.postcode) === proof));
    return sample ? { status: 200, body: wireOrder(sample) } : problem(404, 'order-not-found', 'Order not found');
  }

  function createReturn(number: string, body: { skus?: unknown; reason?: unknown; resolution?: unknown; exchangeFor?: unknown }): Reply {
    const { skus, reason, resolution, exchangeFor } = body;
    if (!Array.isArray(skus) || skus.length === 0 || !skus.every((s) => typeof s === 'string') || typeof reason !== 'string' || !REASONS.includes(reason) || (resolution !== 'refund' && resolution !== 'exchange') || (exchangeFor !== undefined && typeof exchangeFor !== 'string')) {
      return problem(400, 'invalid-request', 'skus, reason and resolution are required');
    }
    const sample = SAMPLE_ORDERS.find((o) => o.number === number);
    if (!sample) return problem(404, 'order-not-found', 'Order not found');
    const order = wireOrder(sample);
    const late = sample.deliveredDaysAgo === undefined || DateTime.fromJSDate(options.clock(), { zone: options.timeZone }) > deliveredAt(sample.deliveredDaysAgo).endOf('day').plus({ days: data.returnWindowDays });
    for (const sku of skus as string[]) {
      const item = order.items.find((i) => i.sku === sku);
      if (!item || !item.returnable || late) return problem(422, 'not-returnable', 'Item cannot be returned', `${sku} cannot be returned`);
      if (item.returned) return problem(409, 'already-returned', 'Item already returned', `${sku} has a return already`);
    }
    let rma: string;
    do rma = `RMA-${randomInt(100000, 999999)}`;
    while (returns.some((r) => r.rma === rma));
    const created: FakeReturn = { rma, orderNumber: number, skus: skus as string[], reason, resolution, ...(exchangeFor !== undefined ? { exchangeFor } : {}), createdAt: options.clock().toISOString() };
    returns.push(created);
    return { status: 201, body: created };
  }

  function route(method: string, path: string, text: string, idempotencyKey: string | undefined): Reply {
    let body: Record<string, unknown> = {};
    try {
      if (text !== '') body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return problem(400, 'invalid-request', 'body is not JSON');
    }
    if (method === 'GET' && path === `${BASE}/return-policy`) return { status: 200, body: { windowDays: data.returnWindowDays, refundWorkingDays: data.refundWorkingDays } };
    if (method === 'POST' && path === `${BASE}/orders/lookup`) return lookUp(body);
    const create = new RegExp(`^${BASE}/orders/([^/]+)/returns$`, 'u').exec(path);
    if (method === 'POST' && create?.[1]) {
      if (!idempotencyKey) return problem(400, 'invalid-request', 'Idempotency-Key is required');
      const fingerprint = `${path} ${JSON.stringify(body)}`;
      const before = answered.get(idempotencyKey);
      if (before) return before.fingerprint === fingerprint ? before.reply : problem(422, 'idempotency-key-reused', 'Idempotency-Key used for another request');
      const reply = createReturn(decodeURIComponent(create[1]), body);
      answered.set(idempotencyKey, { fingerprint, reply });
      return reply;
    }
    // What a web server in front of the shop says for a path it does not know: not the contract's problem body.
    return { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } };
  }

  function send(res: http.ServerResponse, reply: Reply): void {
    const json = reply.status >= 400 ? 'application/problem+json' : 'application/json';
    let payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    if (garbling && garbling.left > 0) {
      garbling.left -= 1;
      // A proxy's error page with a 200, or an API that started wrapping its answers.
      payload = garbling.kind === 'not-json' ? '<html><body>Service temporarily unavailable</body></html>' : JSON.stringify({ data: reply.body });
    }
    res.writeHead(reply.status, { 'content-type': json, ...reply.headers });
    res.end(payload);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
      requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, idempotencyKey });
      if (hanging) {
        hung.add(res);
        res.once('close', () => hung.delete(res));
        return;
      }
      // As a rate limiter holds to its Retry-After: a request before that time is refused again.
      if (Date.now() < limitedUntil) {
        send(res, { ...problem(429, 'rate-limited', 'Too many requests'), headers: { 'retry-after': String(Math.ceil((limitedUntil - Date.now()) / 1000)) } });
        return;
      }
      if (failing && failing.left > 0) {
        failing.left -= 1;
        const { status, retryAfter } = failing;
        if (status === 429 && retryAfter !== undefined && Number.isFinite(Number(retryAfter))) limitedUntil = Date.now() + Number(retryAfter) * 1000;
        send(res, { ...problem(status, status === 429 ? 'rate-limited' : 'internal', `fault ${status}`), ...(retryAfter !== undefined ? { headers: { 'retry-after': retryAfter } } : {}) });
        return;
      }
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        send(res, problem(401, 'unauthorized', 'Unauthorized'));
        return;
      }
      const reply = route(req.method ?? '', path, Buffer.concat(chunks).toString('utf8'), idempotencyKey);
      if (losing.left > 0 && path.endsWith(losing.pathEnd)) {
        losing.left -= 1;
        // The work is done; the answer never reaches the bot.
        req.socket.destroy();
        return;
      }
      send(res, reply);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const release = () => {
    for (const res of hung) res.destroy();
    hung.clear();
  };
  const stop = async () => {
    release();
    if (!server.listening) return;
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
  };

  return {
    url: `http://127.0.0.1:${port}${BASE}`,
    /** Returns the fake's shop holds, oldest first. */
    returns,
    /** Every request that reached the fake, faulted ones included. */
    requests,
    /** The next `times` requests get `status` (a problem body; with Retry-After when given, which a 429 then enforces). */
    failNext(status: number, times: number, retryAfter?: string): void {
      failing = { status, left: times, ...(retryAfter !== undefined ? { retryAfter } : {}) };
    },
    /** While on, requests are read and never answered; turning it off ends the held ones. */
    hang(on: boolean): void {
      hanging = on;
      if (!on) release();
    },
    /** The next `times` answers are garbled: not JSON, or JSON of another shape. */
    garbleNext(kind: 'not-json' | 'wrong-shape', times = 1): void {
      garbling = { kind, left: times };
    },
    /** The next `times` requests (to a path ending in `pathEnd`) are carried out, then the connection is dropped before the answer. */
    loseAnswers(times: number, pathEnd = ''): void {
      losing = { left: times, pathEnd };
    },
    /** Stops listening: connections are refused until `up`. */
    down: stop,
    async up(): Promise<void> {
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    close: stop,
  };
}

export type FakeOrdersApi = Awaited<ReturnType<typeof startFakeOrdersApi>>;
