import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { StoreItems } from '../../bots/state/types';
import { botUnderTest } from '../support/bot';

/** A store whose customer records cannot be written (a bug, a full partition): everything else works. */
class RecordsRefused extends MemoryStore {
  refused = 0;
  override async write(changes: StoreItems): Promise<void> {
    if (Object.keys(changes).some((key) => key.startsWith('customers/record/'))) {
      this.refused += 1;
      throw new Error('RecordsRefused: request entity too large');
    }
    return super.write(changes);
  }
}

describe('CustomerMiddleware', () => {
  it('answers the customer even when their record cannot be written, and tries again on the next message', async () => {
    const store = new RecordsRefused();
    const { adapter } = botUnderTest({ storage: store });
    await adapter.send({ type: 'message', text: 'hi', id: 'm1' }).assertReply((reply) => assert.match(reply.text ?? '', /help/i));
    await adapter.send({ type: 'message', text: 'what are your opening hours', id: 'm2' }).assertReply((reply) => assert.ok(reply.text));
    assert.equal(store.refused, 2, 'each message tried to open the record');
  });
});
