import assert from 'node:assert/strict';
import type { RetryIndex } from '../../bots/outbox/retryIndex';
import type { Fault } from '../fakes/faults';
import { scaledClock, settled } from './faultClock';

/** A customer's messages, typed as people do, the first before the fault and the rest during it. */
export interface Customer {
  id: string;
  language: 'en' | 'de' | 'pl';
  says: string[];
}

/** One platform (its fake API and our server on it) as the scenario drives it. */
export interface PlatformRun {
  /** Delivers a customer message the way the platform does: until the webhook answers 2xx; resolves with the attempts it took. */
  say(customer: Customer, text: string): Promise<number>;
  /** The texts this customer has received, in order. */
  received(customer: Customer): string[];
  setFault(fault: Fault | undefined): void;
  faultHits(): number;
  retryIndex: RetryIndex;
  stop(): Promise<void>;
}

export type StartPlatform = (clock: ReturnType<typeof scaledClock>) => Promise<PlatformRun>;

/** Time runs this much faster for the sender and the fault windows (60 s of outage = 3 s here). */
export const SCALE = 20;

export const CUSTOMERS: Customer[] = [
  { id: '7001', language: 'en', says: ['hi, i want to send back my order', '100234', '31-019'] },
  { id: '7002', language: 'de', says: ['hallo, ich moechte eine ruecksendung machen', '100234', '31-019'] },
  { id: '7003', language: 'pl', says: ['dzien dobry, chce zwrocic zamowienie', '100234', '31-019'] },
  { id: '7004', language: 'en', says: ['when are you open on saturday', 'yes thanks', 'do you ship to austria'] },
];

/** What each customer receives when nothing goes wrong: the answer the faulted run must match. */
export async function baseline(start: StartPlatform): Promise<Map<string, string[]>> {
  const run = await start(scaledClock(SCALE));
  try {
    for (const customer of CUSTOMERS) {
      for (const text of customer.says) {
        await run.say(customer, text);
        await settled(() => run.received(customer));
      }
    }
    return new Map(CUSTOMERS.map((customer) => [customer.id, run.received(customer)]));
  } finally {
    await run.stop();
  }
}

/**
 * Each customer starts a conversation, then the platform fails every send (or, `storeDown`, the
 * store is unreachable) for `outageMs` on the scaled clock while they carry on; after it every customer must have received exactly what they
 * would have without the fault: each answer once, in order, the dialog where they left it.
 */
export async function assertSurvives(
  start: StartPlatform,
  expected: Map<string, string[]>,
  fault: Fault,
  { outageMs = 60_000, storeDown = false }: { outageMs?: number; storeDown?: boolean } = {},
): Promise<{ faultHits: number; redeliveries: number }> {
  const clock = scaledClock(SCALE);
  const run = await start(clock);
  try {
    for (const customer of CUSTOMERS) {
      await run.say(customer, customer.says[0] ?? '');
      await settled(() => run.received(customer));
    }
    run.setFault(fault);
    let over = false;
    clock.after(outageMs, () => {
      run.setFault(undefined);
      over = true;
    });
    let redeliveries = 0;
    await Promise.all(CUSTOMERS.map(async (customer) => {
      for (const text of customer.says.slice(1)) redeliveries += (await run.say(customer, text)) - 1;
    }));
    const duringOutage = CUSTOMERS.map((customer) => run.received(customer).length);
    while (!over) await new Promise((resolve) => setTimeout(resolve, 20));
    const total = [...expected.values()].reduce((sum, texts) => sum + texts.length, 0);
    // A retry due after the outage may be seconds away (backoff doubles up to 64 s scaled): quiet
    // alone is not the end, an empty retry index is.
    const deadline = Date.now() + 30_000;
    do await settled(() => CUSTOMERS.map((customer) => run.received(customer)), 600, 30_000);
    while (Object.keys(await run.retryIndex.list()).length > 0 && Date.now() < deadline);
    assert.ok(run.faultHits() > 0, 'the fault met the sends');
    if (storeDown) assert.ok(redeliveries > 0, 'the webhook asked for redeliveries (503) while the store was down');
    else assert.ok(duringOutage.reduce((a, b) => a + b, 0) < total, 'some answers had to wait for the platform');
    for (const customer of CUSTOMERS) {
      assert.deepEqual(run.received(customer), expected.get(customer.id), `customer ${customer.id} (${customer.language}) after ${JSON.stringify(fault)}`);
    }
    assert.deepEqual(await run.retryIndex.list(), {}, 'nothing is left waiting');
    return { faultHits: run.faultHits(), redeliveries };
  } finally {
    await run.stop();
  }
}
