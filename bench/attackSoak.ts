import { connect, type Socket } from 'node:net';
import { spawnServer } from './lib/child';

/**
 * `npm run bench -- --only=soak [--soak-seconds=600]`: our server (Direct Line and /api/messages,
 * memory store) under the attacks of issue 22 at once, for a bounded time, all on 127.0.0.1:
 * WebSocket upgrades to unknown paths, slow bodies that never finish, one Direct Line conversation
 * posting as fast as it can with 15 KB of channelData, JSON nested 1,500 deep, and token requests
 * past their limit. Meanwhile /healthz is asked twice a second and the server's RSS sampled.
 * A measurement, not a test: it reports, and says whether /healthz always answered and RSS stayed bounded.
 */
export interface SoakReport {
  seconds: number;
  health: { asked: number; answered: number; maxMs: number; p99Ms: number };
  rssMb: { start: number; peak: number; end: number };
  attacks: Record<string, Record<string, number>>;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function count(tally: Record<string, number>, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}

/** Sends `head` on a raw connection and resolves with the status line's code (or "closed"/"error"). */
function rawRequest(port: number, head: string, holdMs = 0): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(head));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => resolve('error'));
    socket.on('close', () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 'closed'));
    // A slow client gives up after holdMs, as the server should have closed it by then.
    if (holdMs > 0) socket.setTimeout(holdMs, () => socket.destroy());
  });
}

export async function runAttackSoak(seconds: number): Promise<SoakReport> {
  const server = await spawnServer('ours', {
    env: { BENCH_CHANNEL: 'directline,api_messages', BENCH_CONVERSATIONS: '20', BENCH_STORE: 'memory', WEBCHAT_TOKEN_SECRET: 'soak-secret-soak-secret-soak-secret-0123' },
  });
  const base = `http://127.0.0.1:${server.port}`;
  const fixtures = server.ready.fixtures as { conversationId: string; token: string }[];
  const until = Date.now() + seconds * 1000;
  const attacks: Record<string, Record<string, number>> = { upgrade: {}, slowBody: {}, flood: {}, deepJson: {}, tokens: {} };
  const healthMs: number[] = [];
  let asked = 0;
  const rss: number[] = [mb((await server.stats()).rssBytes)];

  const loop = async (name: string, pauseMs: number, attack: () => Promise<string>) => {
    const tally = attacks[name] ?? {};
    while (Date.now() < until) {
      count(tally, await attack().catch(() => 'error'));
      await sleep(pauseMs);
    }
  };
  const flooder = fixtures[0];
  if (!flooder) throw new Error('runAttackSoak(): the server made no conversations');
  const nested = `{"type":"message","conversation":{"id":"deep"},"channelData":${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}}`;
  const blob = 'x'.repeat(15_000);
  const workers = [
    loop('upgrade', 5, () => rawRequest(server.port, `GET /not-a-stream HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`)),
    // Ten at a time, each holding its connection until the server's request timeout closes it.
    ...Array.from({ length: 10 }, () => loop('slowBody', 0, () => rawRequest(server.port, 'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"type":', 90_000))),
    loop('flood', 0, async () => {
      const res = await fetch(`${base}/v3/directline/conversations/${flooder.conversationId}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${flooder.token}` },
        body: JSON.stringify({ type: 'message', text: 'flood', channelData: { blob } }),
      });
      await res.body?.cancel();
      return String(res.status);
    }),
    loop('deepJson', 20, async () => {
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested });
      await res.body?.cancel();
      return String(res.status);
    }),
    loop('tokens', 50, async () => {
      const res = await fetch(`${base}/v3/directline/tokens/generate`, { method: 'POST' });
      await res.body?.cancel();
      return String(res.status);
    }),
    (async () => {
      while (Date.now() < until) {
        asked += 1;
        const started = performance.now();
        const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) }).then((res) => res.ok, () => false);
        if (ok) healthMs.push(performance.now() - started);
        await sleep(500);
      }
    })(),
    (async () => {
      while (Date.now() < until) {
        await sleep(5000);
        rss.push(mb((await server.stats()).rssBytes));
      }
    })(),
  ];
  try {
    await Promise.all(workers);
  } finally {
    rss.push(mb((await server.stats()).rssBytes));
    await server.stop();
  }
  const sorted = [...healthMs].sort((a, b) => a - b);
  return {
    seconds,
    health: { asked, answered: healthMs.length, maxMs: Math.round(sorted[sorted.length - 1] ?? 0), p99Ms: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0) },
    rssMb: { start: rss[0] ?? 0, peak: Math.max(...rss), end: rss[rss.length - 1] ?? 0 },
    attacks,
  };
}
