import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../bots/state/fileStore';
import { createWebChatChannel } from '../../channels/webchat';
import { directLineClient, generateToken } from '../support/directLineClient';
import { serverUnderTest } from '../support/server';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('web chat over Direct Line 3.0 (botframework-directlinejs)', () => {
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  before(async () => {
    running = await serverUnderTest({ WEBCHAT_TOKEN_SECRET: SECRET }, undefined, [createWebChatChannel]);
  });
  after(() => running.stop());

  for (const webSocket of [true, false]) {
    it(`${webSocket ? 'WebSocket' : 'polling'}: greets, answers, and echoes the customer's own message`, async () => {
      const { token } = await generateToken(running.baseUrl, 'en-US');
      const client = directLineClient(running.baseUrl, token, { webSocket });
      try {
        const [welcome] = await client.botReplies(1);
        assert.match(welcome?.text ?? '', /^Hello! I'm the virtual assistant/);
        const id = await client.say('help');
        assert.match(id, /\|0000001$/, 'the server numbers activities');
        const replies = await client.botReplies(2);
        assert.match(replies[1]?.text ?? '', /^I can help you with/);
        const echo = client.received.find((a) => a.from?.role === 'user');
        assert.equal(echo?.text, 'help');
        assert.match(echo?.from?.id ?? '', /^dl_/, 'the customer id comes from the token, not the client');
      } finally {
        client.end();
      }
    });
  }

  it('greets in the page language and answers in the customer language', async () => {
    const { token } = await generateToken(running.baseUrl, 'pl-PL');
    const client = directLineClient(running.baseUrl, token, { webSocket: true });
    try {
      assert.match((await client.botReplies(1))[0]?.text ?? '', /^Dzień dobry! Jestem wirtualnym asystentem/);
      await client.say('pomoc', 'pl-PL');
      assert.match((await client.botReplies(2))[1]?.text ?? '', /^Mogę pomóc w/);
    } finally {
      client.end();
    }
  });

  it('reconnects to the same conversation from a watermark without repeats or a second greeting', async () => {
    const { token, conversationId } = await generateToken(running.baseUrl, 'en-US');
    const first = directLineClient(running.baseUrl, token, { webSocket: true });
    await first.botReplies(1);
    await first.say('hi');
    await first.botReplies(2);
    const watermark = first.received.length;
    first.end();

    const second = directLineClient(running.baseUrl, token, { webSocket: true, conversationId, watermark: String(watermark) });
    try {
      await second.say('help');
      const replies = await second.botReplies(1);
      assert.equal(replies.length, 1, 'only the new reply, nothing replayed');
      assert.match(replies[0]?.text ?? '', /^I can help you with/);
    } finally {
      second.end();
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
    const body = (await reconnect.json()) as { streamUrl: string };
    assert.match(body.streamUrl, /^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/wc_[^/]+\/stream\?t=.+&watermark=2$/);
  });
});

describe('web chat history survives a restart', () => {
  it('a new server on the same store returns the conversation and keeps answering it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-webchat-'));
    try {
      const env = { WEBCHAT_TOKEN_SECRET: SECRET, STORAGE: 'file' };
      const first = await serverUnderTest(env, new FileStore(dir), [createWebChatChannel]);
      const { token, conversationId } = await generateToken(first.baseUrl, 'de-DE');
      const client = directLineClient(first.baseUrl, token, { webSocket: false });
      await client.botReplies(1);
      await client.say('Hallo', 'de-DE');
      await client.botReplies(2);
      client.end();
      await first.stop();

      const second = await serverUnderTest(env, new FileStore(dir), [createWebChatChannel]);
      try {
        const res = await fetch(`${second.baseUrl}/v3/directline/conversations/${conversationId}/activities?watermark=0`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const history = (await res.json()) as { activities: { text?: string }[]; watermark: string };
        const texts = history.activities.map((a) => a.text ?? '');
        assert.equal(texts.length, 3);
        assert.match(texts[0] ?? '', /^Hallo! Ich bin der virtuelle Assistent/);
        assert.equal(texts[1], 'Hallo');
        assert.match(texts[2] ?? '', /^Hallo! Wie kann ich Ihnen/);
        assert.equal(history.watermark, '3');
        const resumed = directLineClient(second.baseUrl, token, { webSocket: true, conversationId, watermark: '3' });
        try {
          await resumed.say('Hilfe', 'de-DE');
          assert.match((await resumed.botReplies(1))[0]?.text ?? '', /^Ich kann Ihnen helfen/);
        } finally {
          resumed.end();
        }
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('web chat abuse limits', () => {
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  before(async () => {
    running = await serverUnderTest({ WEBCHAT_TOKEN_SECRET: SECRET }, undefined, [createWebChatChannel]);
  });
  after(() => running.stop());

  it('rate-limits token generation per client address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 22; i += 1) {
      const res = await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.body?.cancel();
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(200));
    assert.deepEqual(statuses.slice(20), [429, 429]);
    assert.ok(Number(retryAfter) > 0);
  });

  it('refuses a WebSocket stream for another conversation or without a token', async () => {
    const { default: WebSocket } = await import('ws');
    // A genuine token (right key and issuer) whose conversation is not the one in the URL.
    const token = jwt.sign({ conv: 'wc_mine', sub: 'dl_me' }, SECRET, { issuer: 'switchboard-webchat', expiresIn: 600 });
    const wsBase = running.baseUrl.replace('http', 'ws');
    const statusOf = (url: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => undefined);
      });
    assert.equal(await statusOf(`${wsBase}/v3/directline/conversations/wc_other/stream?t=${token}`), 403);
    assert.equal(await statusOf(`${wsBase}/v3/directline/conversations/wc_other/stream`), 401);
  });
});
