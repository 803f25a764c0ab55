import { connect } from 'node:net';
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import restify from 'restify';
import WebSocket, { WebSocketServer } from 'ws';
import { silentLogger } from '../../bots/logger';
import { MemoryStore } from '../../bots/state/memoryStore';
import { ConversationLog } from '../../channels/webchat/conversationLog';
import { DirectLineStreams } from '../../channels/webchat/stream';
import { UpgradeRouter } from '../../bots/upgradeRouter';
import { TOKEN_ISSUER, TokenService } from '../../channels/webchat/tokens';
import { startWebChatServer, type WebChatServer } from '../fakes/webchatServer';

const SECRET = 'stream-test-secret-0123456789-0123456789-abc';
const sign = (conv: string, expiresIn = 600) => jwt.sign({ conv, sub: 'dl_x' }, SECRET, { issuer: TOKEN_ISSUER, expiresIn });

/** The HTTP status a WebSocket upgrade gets (101 when it opens). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => undefined);
  });
}

/** Opens a stream and collects its frames; `next(n)` resolves once n frames arrived. */
function openStream(url: string, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url, options);
  const frames: string[] = [];
  ws.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
  });
  return {
    ws,
    frames,
    closed,
    opened,
    async next(count: number, timeoutMs = 5000): Promise<string[]> {
      const deadline = Date.now() + timeoutMs;
      while (frames.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} frames, got ${JSON.stringify(frames)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return frames;
    },
  };
}

describe('web chat WebSocket stream', () => {
  let running: WebChatServer;
  let wsBase: string;
  /** A started conversation and its stream URL. */
  const session = async () => {
    const generated = (await (await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).json()) as { token: string };
    const res = await fetch(`${running.baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
    return (await res.json()) as { conversationId: string; token: string; streamUrl: string };
  };

  before(async () => {
    running = await startWebChatServer({ env: { WEBCHAT_TOKEN_SECRET: SECRET } });
    wsBase = running.baseUrl.replace('http', 'ws');
  });
  after(() => running.stop());

  it('sends the backlog first as a Direct Line ActivitySet frame, then each new activity', async () => {
    const { conversationId, token, streamUrl } = await session();
    const stream = openStream(streamUrl);
    await stream.opened;
    const [first] = await stream.next(1);
    assert.deepEqual(
      (JSON.parse(first ?? '') as { activities: { text: string }[]; watermark: string }).activities.map((a) => a.text),
      ['hello (no locale)'],
    );
    assert.equal((JSON.parse(first ?? '') as { watermark: string }).watermark, '1');
    await fetch(`${running.baseUrl}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'message', text: 'hi' }),
    });
    const frames = await stream.next(3);
    assert.deepEqual(frames.slice(1).map((f) => (JSON.parse(f) as { watermark: string }).watermark), ['2', '3']);
    stream.ws.close();
  });

  it('survives a client frame over the size limit and garbage frames (no crash, no 5xx)', async () => {
    const { streamUrl } = await session();
    const garbage = openStream(streamUrl);
    await garbage.opened;
    garbage.ws.send('{not json');
    const big = openStream(streamUrl);
    await big.opened;
    big.ws.send('x'.repeat(10_000));
    assert.equal(await big.closed, 1009, 'closed as "message too big"');
    await garbage.next(1);
    assert.equal(garbage.ws.readyState, WebSocket.OPEN, 'the other stream is unaffected');
    garbage.ws.close();
    const res = await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
    assert.equal(res.status, 200, 'the server still answers');
  });

  it('refuses bad upgrades with the right status', async () => {
    const { conversationId, token } = await session();
    const stream = `${wsBase}/v3/directline/conversations`;
    assert.equal(await upgradeStatus(`${stream}/${conversationId}/stream`), 401, 'no token');
    assert.equal(await upgradeStatus(`${stream}/${conversationId}/stream?t=garbage`), 403, 'garbage token');
    assert.equal(await upgradeStatus(`${stream}/${conversationId}/stream?t=${sign(conversationId, -60)}`), 403, 'expired token');
    assert.equal(await upgradeStatus(`${stream}/wc_other/stream?t=${token}`), 403, "another conversation's stream");
    assert.equal(await upgradeStatus(`${stream}/wc_gone/stream?t=${sign('wc_gone')}`), 404, 'unknown conversation');
    assert.equal(await upgradeStatus(`${wsBase}/v3/directline/elsewhere?t=${token}`), 404, 'unknown path');
    assert.equal(await upgradeStatus(`${stream}/${conversationId}/stream?t=${token}`), 101);
  });

  it('caps the streams one conversation may hold open', async () => {
    const { streamUrl } = await session();
    const streams = Array.from({ length: 10 }, () => openStream(streamUrl));
    await Promise.all(streams.map((s) => s.opened));
    assert.equal(await upgradeStatus(streamUrl), 429);
    for (const s of streams) s.ws.close();
    await Promise.all(streams.map((s) => s.closed));
  });

  it('hands upgrades on other registered paths to their own handler', async () => {
    const other = new WebSocketServer({ noServer: true });
    running.upgrades.register('/elsewhere', (req, socket, head) => other.handleUpgrade(req, socket, head, (ws) => ws.close()));
    try {
      assert.equal(await upgradeStatus(`${wsBase}/elsewhere`), 101);
    } finally {
      other.close();
    }
  });

  it('answers an upgrade to any other path with 404 and closes the socket, so none are left open', async () => {
    const port = Number(new URL(running.baseUrl).port);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(`GET /not-a-stream/${i} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
          });
          let answer = '';
          socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
          socket.on('close', () => resolve(answer));
          socket.on('error', reject);
          socket.setTimeout(5000, () => reject(new Error('the server left the upgrade unanswered')));
        }),
      ),
    );
    assert.ok(answers.every((answer) => answer.startsWith('HTTP/1.1 404 ')), answers[0]);
    assert.equal((await fetch(`${running.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' })).status, 200, 'the server still answers');
  });

  it('refuses a stream path with a broken %-escape with 400', async () => {
    const { token } = await session();
    assert.equal(await upgradeStatus(`${wsBase}/v3/directline/conversations/%E0%A4%A/stream?t=${token}`), 400);
  });
});

describe('web chat stream heartbeat', () => {
  it('sends empty keep-alive frames and drops a peer that stops answering pings', async () => {
    const storage = new MemoryStore();
    const log = new ConversationLog(storage);
    const tokens = new TokenService(SECRET);
    const streams = new DirectLineStreams(log, tokens, silentLogger(), 50);
    const server = restify.createServer();
    streams.attach(new UpgradeRouter(server.server));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      await log.create('wc_beat', 'dl_x');
      const url = `ws://127.0.0.1:${server.address().port}/v3/directline/conversations/wc_beat/stream?t=${tokens.issue({ conversationId: 'wc_beat', userId: 'dl_x' }).token}`;
      const healthy = openStream(url);
      const dead = openStream(url, { autoPong: false });
      await Promise.all([healthy.opened, dead.opened]);
      assert.equal(await dead.closed, 1006, 'terminated without a closing handshake');
      await healthy.next(2);
      assert.ok(healthy.frames.every((f) => f === ''), 'keep-alive frames are empty, as Direct Line sends them');
      assert.equal(healthy.ws.readyState, WebSocket.OPEN);
      for (const deadline = Date.now() + 2000; streams.openStreams > 1 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(streams.openStreams, 1, 'the dead stream is forgotten');
      healthy.ws.close();
    } finally {
      streams.close();
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
