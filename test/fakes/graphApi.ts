import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SendRequest } from '../../channels/messenger/wireTypes';
import { FaultSwitch, type Fault } from './faults';

interface Scripted {
  status: number;
  body: unknown;
}

/**
 * A local stand-in for the Graph Send API (`POST /me/messages`): records every call and answers
 * scripted errors on demand (`failNext`), or, while a fault is on (`setFault`), fails every send.
 */
export async function startFakeGraphApi() {
  const calls: { accessToken: string | null; body: SendRequest }[] = [];
  const scripted: Scripted[] = [];
  let seq = 0;
  const profiles = new Map<string, { first_name?: string; locale?: string }>();
  const profileDelays = new Map<string, number>();
  const faults = new FaultSwitch();
  /** Calls Graph accepted (a message the person sees); faulted ones are not in it. */
  const accepted: SendRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const profile = /^\/v21\.0\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && profile?.[1] && profiles.has(profile[1])) {
        const answer = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(profiles.get(profile[1] ?? '')));
        };
        const delay = profileDelays.get(profile[1]);
        if (delay === undefined) answer();
        else setTimeout(answer, delay);
        return;
      }
      if (req.method !== 'POST' || url.pathname !== '/v21.0/me/messages') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'unknown path', code: 803 } }));
        return;
      }
      if (faults.intercept(req, res, (fault) => ({ error: { message: `fault ${fault.status}`, type: 'OAuthException', code: fault.status === 429 ? 4 : 2 } }))) return;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SendRequest;
      calls.push({ accessToken: url.searchParams.get('access_token'), body });
      const next = scripted.shift();
      if (!next || next.status < 400) accepted.push(body);
      res.writeHead(next?.status ?? 200, { 'content-type': 'application/json' });
      seq += 1;
      res.end(JSON.stringify(next?.body ?? { recipient_id: body.recipient.id, message_id: `m_${seq}` }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const messages = () => calls.filter((c) => c.body.message).map((c) => c.body);
  /** Messages that reached the person (refused and faulted attempts left out). */
  const delivered = () => accepted.filter((body) => body.message);
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    calls,
    messages,
    delivered,
    /** Sends a fault met so far. */
    faultHits: () => faults.hits,
    /** Every send fails as `fault` says until it is set to undefined. */
    setFault(fault: Fault | undefined): void {
      faults.current = fault;
      if (!fault) faults.release();
    },
    /** Makes `GET /{psid}` answer with this profile, after `delayMs` if given (others get 404, as for a person who hides it). */
    setProfile(psid: string, profile: { first_name?: string; locale?: string }, delayMs?: number): void {
      profiles.set(psid, profile);
      if (delayMs !== undefined) profileDelays.set(psid, delayMs);
    },
    /** Answers the next `times` calls with `status` and a Graph error body. */
    failNext(status: number, code: number, times = 1, subcode?: number): void {
      for (let i = 0; i < times; i += 1) scripted.push({ status, body: { error: { message: `scripted ${code}`, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}) } } });
    },
    async waitForMessages(count: number, timeoutMs = 8000): Promise<SendRequest[]> {
      const deadline = Date.now() + timeoutMs;
      while (messages().length < count) {
        if (Date.now() > deadline) throw new Error(`fake Graph API: expected ${count} messages, got ${messages().length}: ${JSON.stringify(messages().map((m) => m.message))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages();
    },
    stop: () => new Promise<void>((resolve) => {
      faults.release();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
