import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultSwitch, type Fault } from './faults';

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
  /** Whether the call was answered with success (a message the customer sees). */
  ok?: boolean;
}

interface ScriptedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/**
 * A local stand-in for the Telegram Bot API (`POST /bot<token>/<method>`): records calls, queues
 * updates for getUpdates long polling, and answers scripted errors (429 with retry_after, 5xx, 403),
 * or, while a fault is on (`setFault`), fails every send as an outage would.
 */
export async function startFakeTelegramApi(
  token: string,
  botUser = { id: 424242, is_bot: true, first_name: 'Shop', username: 'switchboard_shop_bot' },
  /** Sends are taken (recorded) at once and answered this much later, as over a real network: a crash then finds them in flight. */
  answerDelayMs = 0,
) {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, ScriptedError[]>();
  const updates: unknown[] = [];
  let messageId = 1000;
  let waiting: (() => void) | undefined;
  const faults = new FaultSwitch();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!match || match[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = match[2] ?? '';
      const raw = Buffer.concat(chunks).toString('utf8');
      const payload = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      if (method === 'getUpdates') {
        const offset = Number(payload.offset ?? 0);
        while (updates.length && Number((updates[0] as { update_id: number }).update_id) < offset) updates.shift();
        const answer = () => reply(200, { ok: true, result: updates.slice() });
        if (updates.length) return answer();
        waiting = answer;
        setTimeout(() => {
          if (waiting === answer) {
            waiting = undefined;
            answer();
          }
        }, Math.min(Number(payload.timeout ?? 0), 1) * 1000);
        return;
      }
      if (method !== 'getMe' && faults.intercept(req, res, (fault) => ({ ok: false, error_code: fault.status, description: `fault ${fault.status}`, ...(fault.retryAfter ? { parameters: { retry_after: fault.retryAfter } } : {}) }))) return;
      const call: RecordedCall = { method, payload, at: Date.now() };
      calls.push(call);
      const failure = failures.get(method)?.shift();
      if (failure) return reply(failure.error_code, { ok: false, ...failure });
      call.ok = true;
      if (answerDelayMs > 0 && method !== 'getMe') setTimeout(() => respond(method, payload), answerDelayMs);
      else respond(method, payload);
    });
    function respond(method: string, payload: Record<string, unknown>): void {
      const reply = (status: number, body: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      switch (method) {
        case 'getMe':
          return reply(200, { ok: true, result: botUser });
        case 'sendMessage':
        case 'sendPhoto':
          messageId += 1;
          return reply(200, { ok: true, result: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: payload.chat_id, type: 'private' }, text: payload.text } });
        default:
          return reply(200, { ok: true, result: true });
      }
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const sent = () => calls.filter((c) => c.method === 'sendMessage' || c.method === 'sendPhoto');
  /** The messages that reached the chat (refused attempts left out). */
  const delivered = () => sent().filter((c) => c.ok === true);
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    botUser,
    calls,
    sent,
    delivered,
    failNext(method: string, error: ScriptedError, times = 1): void {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) list.push(error);
      failures.set(method, list);
    },
    /** Sends a fault met so far. */
    faultHits: () => faults.hits,
    /** Every send fails as `fault` says until it is set to undefined. */
    setFault(fault: Fault | undefined): void {
      faults.current = fault;
      if (!fault) faults.release();
    },
    /** Makes an update available to getUpdates (polling mode). */
    queueUpdate(update: unknown): void {
      updates.push(update);
      const wake = waiting;
      waiting = undefined;
      wake?.();
    },
    async waitForSent(count: number, timeoutMs = 8000): Promise<RecordedCall[]> {
      const deadline = Date.now() + timeoutMs;
      while (sent().length < count) {
        if (Date.now() > deadline) throw new Error(`fake Telegram: expected ${count} sends, got ${sent().length}: ${JSON.stringify(sent().map((c) => c.payload.text))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return sent();
    },
    stop: () => new Promise<void>((resolve) => {
      waiting = undefined;
      faults.release();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
