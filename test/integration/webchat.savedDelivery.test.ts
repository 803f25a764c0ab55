import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { CosmosStore } from '../../bots/state/cosmosStore';
import { CountingStore } from '../../bots/state/countingStore';
import type { ManagedStorage, StoreItems } from '../../bots/state/types';
import { createWebChatChannel } from '../../channels/webchat';
import { ConversationLog } from '../../channels/webchat/conversationLog';
import { startFakeCosmos } from '../fakes/cosmosServer';
import { directLineClient, generateToken } from '../support/directLineClient';
import { serverUnderTest } from '../support/server';
import { storeFactories } from '../support/stores';

const env = { WEBCHAT_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-0123456789' };

/**
 * The store as another instance sees it: just before each save that appends the bot's reply to a
 * conversation's log, a message of that conversation is appended elsewhere, so the save's header
 * is stale (a customer typing fast on a second tab, served by another instance). More times in a
 * row than a turn is run again on conflicts.
 */
class InterleavingStore implements ManagedStorage {
  interleaved = 0;
  constructor(private readonly inner: ManagedStorage) {}
  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }
  async write(changes: StoreItems): Promise<void> {
    const keys = Object.keys(changes);
    const header = keys.find((key) => /^webchat\/log\/[^/]+$/.test(key));
    if (this.interleaved < 9 && header && keys.some((key) => key.includes('/conversations/'))) {
      this.interleaved += 1;
      const text = `typed on the other tab ${this.interleaved}`;
      await new ConversationLog(this.inner).append(header.slice('webchat/log/'.length), [{ type: 'message', text, from: { id: 'elsewhere', role: 'user' } } as Partial<Activity>]);
    }
    await this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
  keys(prefix: string): AsyncIterable<string> {
    return this.inner.keys(prefix);
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
    it(`${factory.name} store: messages appended elsewhere between each turn's read and its save neither lose nor double a reply`, async () => {
      const storage = await factory.open();
      const interleaving = new InterleavingStore(storage);
      const running = await serverUnderTest(env, interleaving, [createWebChatChannel]);
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
        const elsewhere = texts.filter((text) => text.startsWith('typed on the other tab'));
        assert.ok(interleaving.interleaved >= 1);
        assert.deepEqual(elsewhere, Array.from({ length: interleaving.interleaved }, (_, i) => `typed on the other tab ${i + 1}`), 'each message from the other tab once, in order');
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

  it('cosmos store: a log write refused (503) after the state landed still answers the message, once', async () => {
    // Cosmos DB writes a batch item by item: the state goes first, then the log's header. The
    // stand-in refuses that header write as an overloaded service would.
    const fault = { armed: false, stateWritten: false, refused: 0 };
    const cosmos = await startFakeCosmos((request) => {
      if (!fault.armed || request.method !== 'PUT' || !request.url?.includes('/docs/')) return undefined;
      const id = decodeURIComponent(request.url.slice(request.url.lastIndexOf('/') + 1));
      if (id.includes('*2fconversations*2f')) fault.stateWritten = true;
      if (!fault.stateWritten || !/^webchat\*2flog\*2f[^*]+$/.test(id) || fault.refused >= 1) return undefined;
      fault.refused += 1;
      return 503;
    });
    const storage = new CosmosStore({ endpoint: cosmos.endpoint, key: 'test-key', databaseId: 'switchboard-test', containerId: `state-${randomUUID()}`, clientOptions: { agent: cosmos.agent } });
    await storage.init();
    const running = await serverUnderTest(env, storage, [createWebChatChannel]);
    const { token } = await generateToken(running.baseUrl, 'en-US');
    const client = directLineClient(running.baseUrl, token, { webSocket: false });
    try {
      await client.botReplies(1);
      fault.armed = true;
      await client.say('what are your opening hours');
      const replies = await client.botReplies(3);
      assert.equal(fault.refused, 1, 'the turn\'s own log write was refused');
      assert.match(replies[1]?.text ?? '', /open|hours|mon/i);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const fromBot = client.received.filter((activity) => activity.from?.role === 'bot').map((activity) => activity.text ?? '');
      assert.deepEqual(fromBot, [...new Set(fromBot)], 'no reply twice');
      assert.equal(fromBot.length, 3, 'the greeting, the answer and its follow-up question');
      assert.equal(client.received.filter((activity) => activity.from?.role === 'user').length, 1, 'the message was posted once');
    } finally {
      client.end();
      await running.stop();
      await storage.close();
      await cosmos.stop();
    }
  });

  it('a message costs two reads and two writes: the customer\'s append, then the state with the reply and its mark (the first one also opens the customer record)', async () => {
    const counted = new CountingStore(await storeFactories()[0]!.open());
    const running = await serverUnderTest(env, counted, [createWebChatChannel]);
    const { token } = await generateToken(running.baseUrl, 'en-US');
    const client = directLineClient(running.baseUrl, token, { webSocket: true });
    const cost = async (text: string, replies: number) => {
      const before = counted.counts;
      await client.say(text);
      await client.botReplies(replies);
      const after = counted.counts;
      return { reads: after.reads - before.reads, writes: after.writes - before.writes };
    };
    try {
      await client.botReplies(1);
      assert.deepEqual(await cost('hi', 2), { reads: 3, writes: 3 }, 'the first message looks up and opens the customer record');
      assert.deepEqual(await cost('what are your opening hours', 4), { reads: 2, writes: 2 });
    } finally {
      client.end();
      await running.stop();
    }
  });
});
