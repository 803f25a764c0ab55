import assert from 'node:assert/strict';
import { CountingStore } from '../../bots/state/countingStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { botUnderTest } from '../support/bot';

describe('CountingStore', () => {
  it('counts round trips and keys, and passes reads and writes through', async () => {
    const store = new CountingStore(new MemoryStore());
    await store.write({ a: { n: 1 }, b: { n: 2 } });
    const items = await store.read(['a', 'b', 'missing']);
    await store.delete(['a']);
    assert.deepEqual(
      Object.entries(items).map(([key, item]) => [key, (item as { n: number }).n]),
      [['a', 1], ['b', 2]],
    );
    assert.deepEqual(store.counts, { reads: 1, writes: 1, deletes: 1, keysRead: 3, keysWritten: 2, keysDeleted: 1, bytesWritten: 0 });
    assert.deepEqual(await store.read(['a']), {});
  });

  it('counts the JSON bytes written when asked (the size that drives a Cosmos DB write\'s charge)', async () => {
    const store = new CountingStore(new MemoryStore(), { measureBytes: true });
    await store.write({ a: { text: 'zażółć' }, b: { n: 2 } });
    assert.equal(store.counts.bytesWritten, Buffer.byteLength('{"text":"zażółć"}') + '{"n":2}'.length);
  });

  it('passes eTag conflicts through unchanged', async () => {
    const store = new CountingStore(new MemoryStore());
    await store.write({ a: { n: 1 } });
    await assert.rejects(store.write({ a: { n: 2, eTag: 'stale' } }), { name: 'ETagConflictError' });
    assert.equal(store.counts.writes, 2);
  });

  it('shows a first turn costs two reads and three writes (with the new customer record), a later one one read and two writes, and a redelivered one no write', async () => {
    const store = new CountingStore(new MemoryStore());
    const { adapter } = botUnderTest({ storage: store });
    const greeting = { type: 'message', text: 'hi', id: 'delivery-1' };
    await adapter.send(greeting).assertReply((reply) => assert.ok(reply.text));
    const afterFirst = store.counts;
    assert.equal(afterFirst.reads, 2, 'the turn state, then the customer\'s identity link');
    assert.equal(afterFirst.writes, 3, 'the new customer record with its link, the state with its reply, the delivery mark');
    assert.equal(afterFirst.keysRead, 4, 'conversation, user and delivery mark in one read');
    await adapter.send({ type: 'message', text: 'what are your opening hours', id: 'delivery-2' }).assertReply((reply) => assert.ok(reply.text));
    const afterSecond = store.counts;
    assert.equal(afterSecond.reads - afterFirst.reads, 1, 'the customer was noted in this conversation already');
    assert.equal(afterSecond.writes - afterFirst.writes, 2);
    // The same delivery again: the pipeline reads state, sees the id and answers nothing.
    await adapter.send(greeting).startTest();
    assert.equal(store.counts.reads, afterSecond.reads + 1);
    assert.equal(store.counts.writes, afterSecond.writes);
  });
});
