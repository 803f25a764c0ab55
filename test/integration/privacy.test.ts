import assert from 'node:assert/strict';
import { kindOf } from '../../bots/state/storedKinds';
import type { ManagedStorage } from '../../bots/state/types';
import { CustomerDirectory } from '../../dialogs/customers/customerDirectory';
import { retentionPolicy } from '../../index';
import { testConfig } from '../support/bot';
import { ANNA, annasDay, bobsQuestion, OPERATOR_TOKEN, RUN_CLOCK, startMultiChannelServer, wholeStore } from '../support/multiChannelRun';
import { serverUnderTest } from '../support/server';
import { storeFactories } from '../support/stores';

const kinds = retentionPolicy(testConfig({})).kinds;
const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };

interface Export {
  customer: { id: string; identities: { key: string }[] } | null;
  items: { key: string; kind: string; data: Record<string, unknown> }[];
}

/** The keys written by `run`, and of those the ones that hold something about a person. */
async function keysWrittenBy(storage: ManagedStorage, run: () => Promise<void>): Promise<string[]> {
  const before = new Set(Object.keys(await wholeStore(storage)));
  await run();
  return Object.keys(await wholeStore(storage)).filter((key) => !before.has(key) && kindOf(kinds, key)?.erase !== 'none');
}

for (const factory of storeFactories()) {
  describe(`Export and erase one customer's data across channels (${factory.name} store)`, function () {
    this.timeout(120_000);
    let storage: ManagedStorage;
    let server: Awaited<ReturnType<typeof startMultiChannelServer>>;
    let day: Awaited<ReturnType<typeof annasDay>>;
    let bob: Awaited<ReturnType<typeof bobsQuestion>>;
    let annasKeys: string[];
    let customerId: string;
    before(async () => {
      storage = await factory.open();
      server = await startMultiChannelServer(storage);
      bob = await bobsQuestion(server);
      // Bob's turns come first, so what appears afterwards was written for Anna (or lists she joined).
      annasKeys = await keysWrittenBy(storage, async () => {
        day = await annasDay(server);
      });
      // An agent who knows it is one person merges her three channels (dialogs/customers merge, as the inbox does).
      const directory = new CustomerDirectory(storage, RUN_CLOCK);
      const [web, email, telegram] = await Promise.all([
        directory.ofIdentity(`webchat/users/${day.webUserId}`),
        directory.ofIdentity(`email/users/${ANNA.email}`),
        directory.ofIdentity(`telegram/users/${ANNA.telegramId}`),
      ]);
      assert.ok(web && email && telegram, 'each channel opened a customer record');
      await directory.merge(web.id, email.id, { via: 'agent-merge' });
      customerId = (await directory.merge(web.id, telegram.id, { via: 'agent-merge' })).id;
    });
    after(async () => {
      await server.stop();
      await factory.close(storage);
    });

    const privacy = (path: string, init: RequestInit = {}) => fetch(`${server.running.baseUrl}/api/privacy/customers/${path}`, init);

    it('refuses without the operator token, with a wrong one, and for a customer id that is none', async () => {
      assert.equal((await privacy(`${customerId}/export`)).status, 401);
      assert.equal((await privacy(customerId, { method: 'DELETE', headers: { authorization: 'Bearer not-the-operator-token-at-all' } })).status, 403);
      const bad = await privacy('robert%27%3B%20drop/export', { headers: auth });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { message: string }).message, /customer id/);
      assert.equal((await privacy('00000000-0000-4000-8000-000000000000/export', { headers: auth })).status, 404);
    });

    it('exports every item her web chat, e-mail and Telegram conversations created, and none of Bob\'s', async () => {
      const res = await privacy(`${customerId}/export`, { headers: auth });
      assert.equal(res.status, 200);
      const exported = (await res.json()) as Export;
      assert.equal(exported.customer?.id, customerId);
      assert.deepEqual(exported.customer.identities.map((i) => i.key.split('/')[0]).sort(), ['email', 'telegram', 'webchat']);
      const keys = new Set(exported.items.map((item) => item.key));
      assert.deepEqual(annasKeys.filter((key) => !keys.has(key)), [], 'items of the run missing from the export');
      const text = JSON.stringify(exported.items);
      for (const words of [...ANNA.words, 'hiking boots from order 100234', 'krakow tomorrow at 11', day.bookingCode, day.rma ?? '']) assert.ok(text.includes(words), `the export holds "${words}"`);
      assert.ok(!text.includes('bob here, my window arrived cracked') && !text.includes(bob.bobUserId), 'Bob\'s words and id are not in Anna\'s export');
      assert.ok(['conversation state', 'web chat log entry', 'handover ticket', 'booking', 'return request', 'e-mail thread', 'customer record'].every((kind) => exported.items.some((item) => item.kind === kind)));
    });

    it('erases her everywhere: no item names her ids, address or words; Bob\'s ticket and the anonymised return stay; a second erase finds nothing', async () => {
      const res = await privacy(customerId, { method: 'DELETE', headers: auth });
      assert.equal(res.status, 200);
      const counts = (await res.json()) as { deleted: number; scrubbed: number; anonymised: number };
      assert.ok(counts.deleted > 10 && counts.scrubbed >= 1 && counts.anonymised === 1, JSON.stringify(counts));

      const left = await wholeStore(storage);
      const identifiers = [day.webUserId, day.webConversationId, String(ANNA.telegramId), ANNA.email, customerId, ...ANNA.words, 'hiking boots from order 100234', 'krakow tomorrow at 11', 'anna nowak'];
      for (const [key, item] of Object.entries(left)) {
        const text = `${decodeURIComponent(key)} ${JSON.stringify(item)}`.toLowerCase();
        for (const identifier of identifiers) assert.ok(!text.includes(identifier.toLowerCase()), `${key} still holds "${identifier}": ${text.slice(0, 300)}`);
      }
      const rma = Object.entries(left).find(([key]) => key.startsWith('returns/rma/'))?.[1] as Record<string, unknown> | undefined;
      assert.equal(rma?.orderNumber, '100234', 'the return stays for the books, with its order number');
      assert.equal(rma?.anonymised, true);
      assert.ok(JSON.stringify(left['handover/index']).length > 20 && Object.values(left).some((item) => JSON.stringify(item).includes('bob here, my window arrived cracked')), 'Bob\'s ticket is still queued');
      assert.ok(Object.keys(left).some((key) => key.startsWith('privacy/audit/')), 'the erase is audited');

      const again = await privacy(customerId, { method: 'DELETE', headers: auth });
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), { deleted: 0, scrubbed: 0, anonymised: 0, kept: 0 });
    });
  });
}

describe('The privacy API without OPERATOR_TOKEN', function () {
  it('says it is off instead of answering anyone', async () => {
    const running = await serverUnderTest({});
    try {
      const res = await fetch(`${running.baseUrl}/api/privacy/customers/email:anna@example.com/export`, { headers: auth });
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { message: string }).message, /OPERATOR_TOKEN/);
    } finally {
      await running.stop();
    }
  });
});
