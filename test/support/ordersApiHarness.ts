import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { MemoryStore } from '../../bots/state/memoryStore';
import { HttpOrderService, type HttpOrderServiceOptions } from '../../dialogs/returns/httpOrderService';
import { startFakeOrdersApi, type FakeOrdersApi } from '../fakes/ordersApi';

export const ORDERS_TOKEN = 'sk_live_orders_5b1f0c9e7d2a';
export const ORDERS_CLOCK = () => new Date('2026-11-22T09:00:00Z');
export const ORDERS_ZONE = 'Europe/Berlin';

/** A logger at debug level whose lines a test can read. */
export function capturedLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, destination), text: () => lines.join('') };
}

/**
 * The fake orders API and an HttpOrderService pointed at it, with quick retries; `stop` closes
 * every fake opened so far (call it in afterEach).
 */
export function ordersApiHarness() {
  const fakes: FakeOrdersApi[] = [];
  return {
    async open(options: Partial<HttpOrderServiceOptions> = {}) {
      const api = await startFakeOrdersApi({ token: ORDERS_TOKEN, clock: ORDERS_CLOCK, timeZone: ORDERS_ZONE });
      fakes.push(api);
      const storage = new MemoryStore();
      const service = new HttpOrderService({ baseUrl: api.url, token: ORDERS_TOKEN, storage, timeZone: ORDERS_ZONE, clock: ORDERS_CLOCK, firstDelayMs: 20, timeoutMs: 3000, ...options });
      return { api, service, storage };
    },
    async stop(): Promise<void> {
      await Promise.all(fakes.splice(0).map((fake) => fake.close()));
    },
  };
}
