import assert from 'node:assert/strict';
import { RetentionPolicy } from '../../bots/state/retention';
import { kindOf } from '../../bots/state/storedKinds';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createWebChatChannel } from '../../channels/webchat';
import { DIALOG_MODULES } from '../../dialogs';
import { retentionPolicy } from '../../index';
import { testConfig } from '../support/bot';
import { WISH_LIST_KIND, wishListModule } from '../fixtures/wishList/module';
import { annasDay, bobsQuestion, startMultiChannelServer, webChatVisitor } from '../support/multiChannelRun';
import { RecordingStore } from '../support/recordingStore';
import { serverUnderTest } from '../support/server';

const DAY = 24 * 60 * 60;

/** What is wrong with the retention of each item written: a kind nobody declared, or no ttl on an item about a person. */
function retentionProblems(written: ReadonlyMap<string, Record<string, unknown>>, policy: RetentionPolicy): string[] {
  return [...written].flatMap(([key, item]) => {
    const kind = kindOf(policy.kinds, key);
    if (!kind) return [`${key}: no stored kind declares it (bots/state/storedKinds.ts, or AppOptions.storedKinds)`];
    if ('keep' in kind.retention) return [];
    return typeof item.ttl === 'number' && item.ttl > 0 ? [] : [`${key} (${kind.name}): written without a ttl`];
  });
}

const ttlDays = (written: ReadonlyMap<string, Record<string, unknown>>, prefix: string) =>
  [...written].filter(([key]) => key.startsWith(prefix)).map(([, item]) => Math.round(Number(item.ttl) / DAY));

describe('Retention: every kind of item the app writes is declared and expires', function () {
  this.timeout(120_000);

  it('a web chat, e-mail and Telegram run writes only declared kinds, each with the configured days as ttl', async () => {
    const store = new RecordingStore(new MemoryStore());
    const env = { RETENTION_DAYS: '30', RETENTION_DAYS_BY_KIND: 'tickets=7' };
    const server = await startMultiChannelServer(store, env);
    try {
      await bobsQuestion(server);
      await annasDay(server);
    } finally {
      await server.stop();
    }
    const policy = retentionPolicy(testConfig(env));
    assert.deepEqual(retentionProblems(store.written, policy), []);
    // The run touched every channel and dialog that keeps something.
    for (const prefix of ['webchat/conversations/', 'webchat/log/', 'telegram/users/', 'email/thread/', 'handover/ticket/', 'booking/code/', 'returns/rma/', 'customers/record/']) {
      assert.ok([...store.written.keys()].some((key) => key.startsWith(prefix)), `the run wrote a ${prefix} item`);
    }
    assert.deepEqual([...new Set(ttlDays(store.written, 'webchat/conversations/'))], [30], 'conversations are kept RETENTION_DAYS');
    assert.deepEqual([...new Set(ttlDays(store.written, 'handover/ticket/'))], [7], 'tickets are kept their own RETENTION_DAYS_BY_KIND days, not the writer\'s 180');
    // Booked for tomorrow: kept 30 days after the appointment, not after the booking.
    assert.deepEqual([...new Set(ttlDays(store.written, 'booking/code/'))], [31]);
  });

  it('fails for a dialog that keeps a new kind of item without declaring it, and passes once it is declared', async () => {
    for (const declared of [false, true]) {
      const store = new RecordingStore(new MemoryStore());
      const running = await serverUnderTest({}, store, [createWebChatChannel], undefined, undefined, {}, {
        modules: [...DIALOG_MODULES, wishListModule],
        ...(declared ? { storedKinds: [WISH_LIST_KIND] } : {}),
      });
      try {
        const visitor = await webChatVisitor({ running });
        assert.deepEqual(await visitor.say('could you add the red scarf to my wish list'), ['Saved to your wish list.']);
        visitor.end();
      } finally {
        await running.stop();
      }
      const problems = retentionProblems(store.written, retentionPolicy(testConfig({}), declared ? [WISH_LIST_KIND] : []));
      if (declared) {
        assert.deepEqual(problems, []);
        continue;
      }
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0] ?? '', /^wishlist\/.+: no stored kind declares it/);
      // Undeclared, it is still not kept for good: the store gives it the conversations' retention.
      assert.deepEqual(ttlDays(store.written, 'wishlist/'), [90]);
    }
  });
});
