import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { CountingStore } from '../../bots/state/countingStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { ManagedStorage } from '../../bots/state/types';
import { ConversationLog, ConversationNotFoundError } from '../../channels/webchat/conversationLog';
import { storeFactories } from '../support/stores';

const message = (text: string): Partial<Activity> => ({ type: 'message', text });

describe('web chat conversation log', function () {
  this.timeout(30_000);

  for (const factory of storeFactories()) {
    describe(`on the ${factory.name} store`, () => {
      let storage: ManagedStorage;
      before(async () => {
        storage = await factory.open();
      });
      after(async () => factory.close(storage));

      it('two instances appending at once give every activity its own place, none lost', async () => {
        const [a, b] = [new ConversationLog(storage), new ConversationLog(storage)];
        assert.equal(await a.create('c-race', 'u1'), true);
        await Promise.all(Array.from({ length: 15 }, (_, i) => [a.append('c-race', [message(`a${i}`)]), b.append('c-race', [message(`b${i}`), message(`b${i}'`)])]).flat());
        const page = await new ConversationLog(storage).since('c-race', 0);
        assert.equal(page.watermark, 45);
        assert.equal(new Set(page.activities.map((activity) => activity.id)).size, 45, 'unique ids');
        assert.deepEqual(page.activities.map((activity) => activity.id), Array.from({ length: 45 }, (_, i) => `c-race|${String(i).padStart(7, '0')}`));
        const texts = page.activities.map((activity) => activity.text ?? '');
        for (let i = 0; i < 15; i += 1) assert.equal(texts.indexOf(`b${i}'`), texts.indexOf(`b${i}`) + 1, 'a batch stays together');
      });
    });
  }

  it('an append is one read and one write (the count and the activities together)', async () => {
    const counted = new CountingStore(new MemoryStore());
    const log = new ConversationLog(counted);
    await log.create('c-cost', 'u1');
    const before = counted.counts;
    await log.append('c-cost', [message('hello'), message('again')]);
    const after = counted.counts;
    assert.deepEqual([after.reads - before.reads, after.writes - before.writes], [1, 1]);
    assert.deepEqual((await log.since('c-cost', 0)).activities.map((activity) => activity.text), ['hello', 'again']);
  });

  it('appending to a conversation that does not exist is refused and writes nothing', async () => {
    const counted = new CountingStore(new MemoryStore());
    await assert.rejects(new ConversationLog(counted).append('c-none', [message('hi')]), ConversationNotFoundError);
    assert.equal(counted.counts.writes, 0);
  });
  it('waits at an activity another writer has counted but not yet written, and steps over one lost long ago', async () => {
    let now = Date.parse('2026-11-30T10:00:00Z');
    const storage = new MemoryStore();
    const writer = new ConversationLog(storage, () => now);
    await writer.create('c-gap', 'u1');
    const at = (text: string): Partial<Activity> => ({ ...message(text), timestamp: new Date(now) });
    await writer.append('c-gap', [at('one'), at('two'), at('three')]);
    // The count was written but the second activity never was (a crash between two Cosmos requests).
    await storage.delete(['webchat/log/c-gap/1']);
    const reader = (ms: number) => {
      now = Date.parse('2026-11-30T10:00:00Z') + ms;
      return new ConversationLog(storage, () => now);
    };
    const soon = await reader(1_000).since('c-gap', 0);
    assert.deepEqual([soon.activities.map((a) => a.text), soon.watermark], [['one'], 1], 'it may still be on its way');
    const laterElsewhere = await reader(11 * 60_000).since('c-gap', 0);
    assert.deepEqual([laterElsewhere.activities.map((a) => a.text), laterElsewhere.watermark, laterElsewhere.more], [['one', 'three'], 3, false], 'written after it 11 minutes ago: lost');

    // A reader that has itself waited a minute for it moves on too, whatever the writer's clock says.
    now = Date.parse('2026-11-30T10:00:00Z');
    const patient = new ConversationLog(storage, () => now);
    assert.equal((await patient.since('c-gap', 0)).watermark, 1);
    now += 30_000;
    assert.equal((await patient.since('c-gap', 0)).watermark, 1, 'a throttled write may take 30 s');
    now += 31_000;
    assert.deepEqual((await patient.since('c-gap', 0)).activities.map((a) => a.text), ['one', 'three']);
  });
});
