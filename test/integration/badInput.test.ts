import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { serverUnderTest } from '../support/server';

type Running = Awaited<ReturnType<typeof serverUnderTest>>;

export interface BadRequestCase {
  name: string;
  method: string;
  path: string | ((running: Running) => Promise<string>);
  headers?: Record<string, string> | ((running: Running) => Promise<Record<string, string>>);
  body?: string;
  status: number;
  /** Part of the JSON `message` a client would read. */
  reason?: RegExp;
}

const APP_ID = '11111111-2222-3333-4444-555555555555';
const json = { 'content-type': 'application/json' };
const activity = (extra: Record<string, unknown>) =>
  JSON.stringify({ type: 'message', conversation: { id: 'c1' }, from: { id: 'u1' }, serviceUrl: 'http://127.0.0.1:9', text: 'hi', deliveryMode: 'expectReplies', ...extra });
/** A Teams activity: with an app id, replies to it may go to its connector host. */
const TEAMS = { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/' };
const foreignToken = jwt.sign({ iss: 'https://attacker.example', aud: APP_ID }, 'guessed');

/** Requests a client can get wrong on every route; none may produce a 5xx or stop the server. */
const cases: BadRequestCase[] = [
  { name: 'unknown route', method: 'GET', path: '/nope', status: 404 },
  { name: 'wrong method on /healthz', method: 'POST', path: '/healthz', headers: json, body: '{}', status: 405 },
  { name: '/api/messages: malformed JSON', method: 'POST', path: '/api/messages', headers: json, body: '{"type":', status: 400, reason: /not valid JSON/ },
  { name: '/api/messages: empty body', method: 'POST', path: '/api/messages', headers: json, body: '', status: 400, reason: /empty/ },
  { name: '/api/messages: oversize body', method: 'POST', path: '/api/messages', headers: json, body: activity({ text: 'x'.repeat(300 * 1024) }), status: 413, reason: /exceeds/ },
  { name: '/api/messages: no type', method: 'POST', path: '/api/messages', headers: json, body: activity({ type: undefined }), status: 400, reason: /type/ },
  { name: '/api/messages: no conversation', method: 'POST', path: '/api/messages', headers: json, body: activity({ conversation: undefined }), status: 400, reason: /conversation/ },
  { name: '/api/messages: conversation without id', method: 'POST', path: '/api/messages', headers: json, body: activity({ conversation: {} }), status: 400, reason: /conversation/ },
  { name: '/api/messages: a form post (a cross-site request a browser sends unasked)', method: 'POST', path: '/api/messages', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'type=message&text=hi', status: 415, reason: /application\/json/ },
  { name: '/api/messages: JSON sent as text/plain', method: 'POST', path: '/api/messages', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: activity({}), status: 415 },
  { name: '/api/messages: nested 1,500 deep', method: 'POST', path: '/api/messages', headers: json, body: activity({ channelData: JSON.parse(`${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}`) as unknown }), status: 400, reason: /nested deeper than 64 levels/ },
  { name: '/api/messages: JSON that is not an object', method: 'POST', path: '/api/messages', headers: json, body: '[1,2,3]', status: 400 },
  { name: '/api/messages: text over 20000 characters', method: 'POST', path: '/api/messages', headers: json, body: activity({ text: 'y'.repeat(20_001) }), status: 400, reason: /longer/ },
  { name: '/api/messages: no token while an app id is set', method: 'POST', path: '/api/messages', headers: json, body: activity({}), status: 401, reason: /Authorization/ },
  { name: '/api/messages: a token that is not a JWT', method: 'POST', path: '/api/messages', headers: { ...json, authorization: 'Bearer abc' }, body: activity({}), status: 401, reason: /not a JWT/ },
  { name: '/api/messages: a JWT from a foreign issuer', method: 'POST', path: '/api/messages', headers: { ...json, authorization: `Bearer ${foreignToken}` }, body: activity(TEAMS), status: 401 },
  { name: '/api/messages: replies to a host outside Bot Framework', method: 'POST', path: '/api/messages', headers: { ...json, authorization: `Bearer ${foreignToken}` }, body: activity({ ...TEAMS, serviceUrl: 'https://attacker.example/api/' }), status: 403, reason: /attacker\.example is not a Bot Framework channel host/ },
  { name: '/api/messages: replies over plain http to a Bot Framework host', method: 'POST', path: '/api/messages', headers: { ...json, authorization: `Bearer ${foreignToken}` }, body: activity({ ...TEAMS, serviceUrl: 'http://smba.trafficmanager.net/emea/' }), status: 403 },
];

/** Channels add their own rows here (see the web chat suite); one server answers them all. */
export function runBadInputTable(title: string, rows: BadRequestCase[], env: Record<string, string> = {}): void {
  describe(title, () => {
    let running: Running;
    before(async () => {
      running = await serverUnderTest({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-password', ...env });
    });
    after(() => running.stop());

    for (const row of rows) {
      it(`${row.name} → ${row.status}`, async () => {
        const path = typeof row.path === 'string' ? row.path : await row.path(running);
        const headers = typeof row.headers === 'function' ? await row.headers(running) : row.headers;
        const res = await fetch(`${running.baseUrl}${path}`, { method: row.method, headers, body: row.body });
        assert.equal(res.status, row.status, await res.clone().text());
        const body = (await res.json()) as { message?: unknown };
        assert.equal(typeof body.message, 'string', 'every error carries a JSON message');
        if (row.reason) assert.match(String(body.message), row.reason);
      });
    }

    it('is still healthy after all of the above', async () => {
      const res = await fetch(`${running.baseUrl}/healthz`);
      assert.equal(res.status, 200);
    });
  });
}

runBadInputTable('bad input: server and /api/messages', cases);
