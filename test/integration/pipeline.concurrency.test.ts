import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { counterInstance, counterMessage, racingIncrements } from '../support/counterTurns';
import { storeFactories } from '../support/stores';

describe('turn pipeline: no lost updates, exactly once', () => {
  for (const factory of storeFactories()) {
    describe(`on the ${factory.name} store`, () => {
      it('50 concurrent increments into one conversation on one instance end at 50', async () => {
        const storage = await factory.open();
        try {
          const { counter, conflicts } = await racingIncrements(storage, 1, 50);
          assert.equal(counter, 50);
          assert.equal(conflicts, 0, 'one instance serialises its own turns; nothing should conflict');
        } finally {
          await factory.close(storage);
        }
      });

      it('50 concurrent increments spread over 3 instances sharing the store end at 50', async () => {
        const storage = await factory.open();
        try {
          const { counter, conflicts } = await racingIncrements(storage, 3, 50);
          assert.equal(counter, 50);
          assert.ok(conflicts > 0, 'instances should have raced and retried');
        } finally {
          await factory.close(storage);
        }
      });

      it('a redelivered activity is acknowledged and not processed again, also on another instance', async () => {
        const storage = await factory.open();
        try {
          const first = counterInstance(storage);
          const second = counterInstance(storage);
          await first.adapter.processActivity(counterMessage('dedupe', 7));
          await first.adapter.processActivity(counterMessage('dedupe', 7));
          await second.adapter.processActivity(counterMessage('dedupe', 7));
          const items = await storage.read(['test/conversations/dedupe']);
          assert.equal((items['test/conversations/dedupe'] as { counter?: number }).counter, 1);
          assert.equal(first.pipeline.statefulTurn.counters.duplicates + second.pipeline.statefulTurn.counters.duplicates, 2);
        } finally {
          await factory.close(storage);
        }
      });
    });
  }

  it('without the eTag check the same race loses updates (what the pipeline prevents)', async () => {
    // Last-writer-wins, as botbuilder's BotState saves: read, yield, write with eTag '*'.
    const storage = new MemoryStore();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const item = (await storage.read(['k']))['k'] as { counter?: number } | undefined;
        await new Promise((resolve) => setImmediate(resolve));
        await storage.write({ k: { counter: (item?.counter ?? 0) + 1, eTag: '*' } });
      }),
    );
    const final = (await storage.read(['k']))['k'] as { counter: number };
    assert.ok(final.counter < 50, `expected lost updates, got ${final.counter}`);
  });
});
