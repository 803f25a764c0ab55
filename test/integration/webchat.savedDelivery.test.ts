import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { CountingStore } from '../../bots/state/countingStore';
import type { ManagedStorage, StoreItems } from '../../bots/state/types';
import { createWebChatChannel } from '../../channels/webchat';
import { ConversationLog } from '../../channels/webchat/conversationLog';
import { directLineClient, generateToken } from '../support/directLineClient';
import { serverUnderTest } from '../support/server';
import { storeFactories } from '../support/stores';

const env = { WEBCHAT_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-0123456789' };

/**
 * The store as another instance sees it: just before the first save that appends the bot's reply
 * to a conversation's log, a message of that conversation is appended elsewhere, so the save's
 * header is stale (a customer typing again on a second tab, served by another instance).
 */
class InterleavingStore implements ManagedStorage {
  private interleaved = false;
  constructor(private readonly inner: ManagedStorage) {}
  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    const keys = Object.keys(changes);
    const header = keys.find((key) => /^webchat\/log\/[^/]+$/.test(key));
    if (!this.interleaved && header && keys.some((key) => key.includes('/conversations/'))) {
      this.interleaved = true;
      await new ConversationLog(this.inner).append(header.slice('webchat/log/'.length), [{ type: 'message', text: 'typed on the other tab', from: { id: 'elsewhere', role: 'user' } } as Partial<Activity>]);
    }
    await this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('web chat replies written with the turn', function () {
  this.timeout(60_000);

  for (const factory of storeFactories()) {
    it(`${factory.name} store: a message appended elsewhere between the turn's read and its save does not lose or double the reply`, async () => {
      const storage = await factory.open();
      const running = await serverUnderTest(env, new InterleavingStore(storage), [createWebChatChannel]);
      const { token } = await generateToken(running.baseUrl, 'en-US');
      const client = directLineClient(running.baseUrl, token, { webSocket: false });
      try {
        const [greeting] = await client.botReplies(1);
        assert.match(greeting?.text ?? '', /help/i);
        await client.say('what are your opening hours');
        const replies = await client.botReplies(2);
        assert.match(replies[1]?.text ?? '', /open|hours|mon/i);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const texts = client.received.map((activity) => activity.text ?? '');
        assert.equal(texts.filter((text) => text === 'typed on the other tab').length, 1);
        assert.equal(texts.filter((text) => text === greeting?.text).length, 1, 'the greeting is in the log once');
        const fromBot = client.received.filter((activity) => activity.from?.role === 'bot').map((activity) => activity.text ?? '');
        assert.deepEqual(fromBot, [...new Set(fromBot)], 'no reply twice');
        assert.equal(fromBot.length, 3, 'the greeting, the answer and its follow-up question');
      } finally {
        client.end();
        await running.stop();
        await factory.close(storage);
      }
    });
  }

  it('a message costs two reads and two writes: the customer\'s append, then the state with the reply and its mark', async () => {
    const counted = new CountingStore(await storeFactories()[0]!.open());
    const running = await serverUnderTest(env, counted, [createWebChatChannel]);
    const { token } = await generateToken(running.baseUrl, 'en-US');
    const client = directLineClient(running.baseUrl, token, { webSocket: true });
    try {
      await client.botReplies(1);
      const before = counted.counts;
      await client.say('hi');
      await client.botReplies(2);
      const after = counted.counts;
      assert.deepEqual({ reads: after.reads - before.reads, writes: after.writes - before.writes }, { reads: 2, writes: 2 });
    } finally {
      client.end();
      await running.stop();
    }
  });
});
