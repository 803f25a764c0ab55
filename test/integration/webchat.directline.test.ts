import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../bots/state/fileStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { isETagConflict } from '../../bots/state/types';
import type { WebChatAdapter } from '../../channels/webchat/adapter';
import { startWebChatServer, type WebChatServer } from '../fakes/webchatServer';
import { directLineClient, generateToken } from '../support/directLineClient';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const env = { WEBCHAT_TOKEN_SECRET: SECRET };

interface ActivitySet {
  activities: { id?: string; type?: string; text?: string; from?: { id?: string; role?: string }; replyToId?: string }[];
  watermark: string;
}

async function getActivities(baseUrl: string, conversationId: string, token: string, watermark = 0): Promise<ActivitySet> {
  const res = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()) as ActivitySet;
}

/** The whole log, page by page, as a polling client reads it. */
async function history(baseUrl: string, conversationId: string, token: string): Promise<ActivitySet['activities']> {
  const all: ActivitySet['activities'] = [];
  for (let watermark = 0; ; ) {
    const page = await getActivities(baseUrl, conversationId, token, watermark);
    if (page.activities.length === 0) return all;
    all.push(...page.activities);
    watermark = Number(page.watermark);
  }
}

async function post(baseUrl: string, conversationId: string, token: string, body: unknown): Promise<{ status: number; id?: string }> {
  const res = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as { id?: string }) };
}

/** A started conversation (greeted), as Web Chat leaves it after connecting. */
async function started(baseUrl: string, locale?: string) {
  const session = await generateToken(baseUrl, locale);
  const res = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
  assert.equal(res.status, 201);
  return session;
}

describe('web chat Direct Line endpoint, through botframework-directlinejs', () => {
  let running: WebChatServer;
  before(async () => {
    running = await startWebChatServer({ env });
  });
  after(() => running.stop());

  for (const webSocket of [true, false]) {
    it(`${webSocket ? 'WebSocket' : 'polling'}: greets, echoes, and stamps identity and ids on the server`, async () => {
      const { token, conversationId } = await generateToken(running.baseUrl, 'en-US');
      const client = directLineClient(running.baseUrl, token, { webSocket });
      try {
        assert.equal((await client.botReplies(1))[0]?.text, 'hello (en-US)');
        const id = await client.say('ping');
        assert.equal(id, `${conversationId}|0000001`, 'the server numbers activities');
        const reply = (await client.botReplies(2))[1];
        assert.equal(reply?.text, 'echo: ping');
        assert.equal(reply?.replyToId, id);
        assert.equal(reply?.channelId, 'webchat');
        assert.equal(reply?.conversation?.id, conversationId);
        const own = client.received.find((a) => a.from?.role === 'user');
        assert.equal(own?.text, 'ping', 'Direct Line echoes the customer their own message');
        assert.match(own?.from?.id ?? '', /^dl_/, 'the customer id comes from the token, not the body');
        await client.say('trace');
        assert.equal((await client.botReplies(3))[2]?.text, 'echo: trace');
        assert.equal(client.received.filter((a) => a.type === 'trace').length, 0, 'traces stay on the server');
      } finally {
        client.end();
      }
    });
  }

  it('greets in the language the page asked for', async () => {
    const { token } = await generateToken(running.baseUrl, 'pl-PL');
    const client = directLineClient(running.baseUrl, token, { webSocket: true });
    try {
      assert.equal((await client.botReplies(1))[0]?.text, 'hello (pl-PL)');
    } finally {
      client.end();
    }
  });

  for (const webSocket of [true, false]) {
    it(`${webSocket ? 'WebSocket' : 'polling'}: reconnects from a watermark without repeats or a second greeting`, async () => {
      const { token, conversationId } = await generateToken(running.baseUrl, 'en-US');
      const first = directLineClient(running.baseUrl, token, { webSocket });
      await first.botReplies(1);
      await first.say('one');
      await first.botReplies(2);
      // directlinejs keeps the watermark private; Web Chat reads it the same way to resume.
      const watermark = (first.directLine as unknown as { watermark: string }).watermark;
      assert.equal(watermark, '3');
      first.end();

      const second = directLineClient(running.baseUrl, token, { webSocket, conversationId, watermark });
      try {
        await second.say('two');
        const replies = await second.botReplies(1);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.deepEqual(second.fromBot().map((a) => a.text), ['echo: two'], 'only the new reply, nothing replayed');
        assert.equal(replies.length, 1);
      } finally {
        second.end();
      }
    });
  }

  it('a reload without a watermark replays the whole conversation once, in order', async () => {
    const { token, conversationId } = await generateToken(running.baseUrl, 'en-US');
    const first = directLineClient(running.baseUrl, token, { webSocket: true });
    await first.botReplies(1);
    await first.say('one');
    await first.botReplies(2);
    first.end();
    const again = directLineClient(running.baseUrl, token, { webSocket: true, conversationId });
    try {
      await again.botReplies(2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(again.received.map((a) => a.text), ['hello (en-US)', 'one', 'echo: one']);
    } finally {
      again.end();
    }
  });

  it('refreshes a token: the new one opens the same conversation', async () => {
    const { token, conversationId } = await generateToken(running.baseUrl);
    const res = await fetch(`${running.baseUrl}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const refreshed = (await res.json()) as { token: string; conversationId: string; expires_in: number };
    assert.equal(refreshed.conversationId, conversationId);
    assert.equal(refreshed.expires_in, 1800);
    const reconnect = await fetch(`${running.baseUrl}/v3/directline/conversations/${conversationId}?watermark=2`, {
      headers: { authorization: `Bearer ${refreshed.token}` },
    });
    assert.equal(reconnect.status, 200);
    const body = (await reconnect.json()) as { conversationId: string; streamUrl: string; expires_in: number };
    assert.equal(body.conversationId, conversationId);
    assert.match(body.streamUrl, /^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/wc_[^/]+\/stream\?t=.+&watermark=2$/);
  });

  it('delivers a proactive message (continueConversation) to an open stream', async () => {
    const { token, conversationId } = await generateToken(running.baseUrl, 'en-US');
    const client = directLineClient(running.baseUrl, token, { webSocket: true });
    try {
      await client.botReplies(1);
      const reference = running.seen.get(conversationId);
      assert.ok(reference, 'the bot saw the conversation');
      await (running.channel.adapter as WebChatAdapter).continueConversation(reference, async (context) => {
        await context.sendActivity('agent: hi there');
      });
      const proactive = (await client.botReplies(2))[1];
      assert.equal(proactive?.text, 'agent: hi there');
      assert.equal(proactive?.id, `${conversationId}|0000001`);
    } finally {
      client.end();
    }
  });

  it('passes typing to the bot without storing it', async () => {
    const { token, conversationId } = await started(running.baseUrl);
    const typing = await post(running.baseUrl, conversationId, token, { type: 'typing' });
    assert.equal(typing.status, 200);
    assert.match(typing.id ?? '', /\|typing-/);
    assert.deepEqual((await history(running.baseUrl, conversationId, token)).map((a) => a.type), ['message']);
  });

  it('60 messages posted at once get distinct, gap-free ids and each its echo; history pages by 100', async () => {
    const { token, conversationId } = await started(running.baseUrl);
    const results = await Promise.all(Array.from({ length: 60 }, (_, n) => post(running.baseUrl, conversationId, token, { type: 'message', text: `m${n}` })));
    assert.ok(results.every((r) => r.status === 200));
    const first = await getActivities(running.baseUrl, conversationId, token);
    assert.equal(first.activities.length, 100);
    const all = await history(running.baseUrl, conversationId, token);
    assert.equal(all.length, 121);
    assert.deepEqual(all.map((a) => a.id), all.map((_, seq) => `${conversationId}|${String(seq).padStart(7, '0')}`));
    for (const result of results) {
      const own = all.find((a) => a.id === result.id);
      assert.ok(own?.text, `message ${result.id} is stored`);
      assert.equal(all.find((a) => a.replyToId === result.id)?.text, `echo: ${own.text}`);
    }
  });
});

describe('web chat on several instances and across restarts', () => {
  it('two servers on one store append to the same conversation without losing or repeating a sequence number', async () => {
    // A store that yields between calls, as a networked one does, so the two servers' header
    // writes really interleave and the eTag retry path runs.
    const storage = new MemoryStore();
    const write = storage.write.bind(storage);
    const read = storage.read.bind(storage);
    let conflicts = 0;
    const latency = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    storage.read = async (keys) => {
      await latency();
      return read(keys);
    };
    storage.write = async (changes) => {
      await latency();
      await write(changes).catch((err: unknown) => {
        if (isETagConflict(err)) conflicts += 1;
        throw err;
      });
    };
    const a = await startWebChatServer({ env, storage });
    const b = await startWebChatServer({ env, storage });
    try {
      const { token, conversationId } = await started(a.baseUrl);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, n) => post(n % 2 ? a.baseUrl : b.baseUrl, conversationId, token, { type: 'message', text: `m${n}` })),
      );
      assert.ok(results.every((r) => r.status === 200));
      const all = await history(b.baseUrl, conversationId, token);
      assert.equal(all.length, 61);
      assert.equal(new Set(all.map((a) => a.id)).size, 61);
      assert.equal(all.filter((x) => x.text?.startsWith('echo: ')).length, 30);
      assert.ok(conflicts > 0, 'the servers did race for the header');
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('a new server on the same store returns the history and keeps answering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-webchat-'));
    try {
      const first = await startWebChatServer({ env, storage: new FileStore(dir) });
      const { token, conversationId } = await generateToken(first.baseUrl, 'de-DE');
      const client = directLineClient(first.baseUrl, token, { webSocket: false });
      await client.botReplies(1);
      await client.say('Hallo', 'de-DE');
      await client.botReplies(2);
      client.end();
      await first.stop();
      await first.storage.close();

      const second = await startWebChatServer({ env, storage: new FileStore(dir) });
      try {
        const page = await getActivities(second.baseUrl, conversationId, token);
        assert.deepEqual(page.activities.map((a) => a.text), ['hello (de-DE)', 'Hallo', 'echo: Hallo']);
        assert.equal(page.watermark, '3');
        const resumed = directLineClient(second.baseUrl, token, { webSocket: true, conversationId, watermark: '3' });
        try {
          assert.equal(await resumed.say('Hilfe', 'de-DE'), `${conversationId}|0000003`);
          assert.equal((await resumed.botReplies(1))[0]?.text, 'echo: Hilfe');
        } finally {
          resumed.end();
        }
      } finally {
        await second.stop();
        await second.storage.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('web chat abuse limits', () => {
  let running: WebChatServer;
  before(async () => {
    running = await startWebChatServer({ env });
  });
  after(() => running.stop());

  it('rate-limits token generation per client address: 429 with a reason and Retry-After', async () => {
    const statuses: number[] = [];
    let refusal: { retryAfter: string | null; message?: unknown } | undefined;
    for (let i = 0; i < 22; i += 1) {
      const res = await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
      statuses.push(res.status);
      if (res.status === 429) refusal = { retryAfter: res.headers.get('retry-after'), ...((await res.json()) as { message?: unknown }) };
      else await res.body?.cancel();
    }
    assert.deepEqual(statuses, [...Array<number>(20).fill(200), 429, 429]);
    assert.ok(Number(refusal?.retryAfter) > 0);
    assert.match(String(refusal?.message), /too many tokens/);
  });
});
