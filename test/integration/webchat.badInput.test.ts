import jwt from 'jsonwebtoken';
import { runBadInputTable, type BadRequestCase } from './badInput.test';

const SECRET = 'bad-input-secret-0123456789-0123456789-abcdef';
const DL = '/v3/directline';
const json = { 'content-type': 'application/json' };

type Running = Parameters<Exclude<BadRequestCase['headers'], Record<string, string> | undefined>>[0];

/** A fresh token and conversation from the running server. */
async function session(running: Running): Promise<{ token: string; conversationId: string }> {
  const res = await fetch(`${running.baseUrl}${DL}/tokens/generate`, { method: 'POST' });
  return (await res.json()) as { token: string; conversationId: string };
}

const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
const expired = jwt.sign({ conv: 'wc_x', sub: 'dl_x', exp: Math.floor(Date.now() / 1000) - 60 }, SECRET, { issuer: 'switchboard-webchat' });
const wrongKey = jwt.sign({ conv: 'wc_x', sub: 'dl_x' }, 'some-other-secret', { issuer: 'switchboard-webchat', expiresIn: 600 });

/** A row whose path and token come from one fresh session of the running server. */
const withSession = (name: string, body: string, status: number, reason: RegExp): BadRequestCase => {
  let current: { token: string; conversationId: string } | undefined;
  return {
    name,
    method: 'POST',
    path: async (running) => {
      current = await session(running);
      return `${DL}/conversations/${current.conversationId}/activities`;
    },
    headers: async () => bearer(current?.token ?? ''),
    body,
    status,
    reason,
  };
};
const rows: BadRequestCase[] = [
  { name: 'post activity with no token', method: 'POST', path: `${DL}/conversations/wc_x/activities`, headers: json, body: '{"type":"message","text":"hi"}', status: 401, reason: /token is required/ },
  { name: 'post activity with a garbage token', method: 'POST', path: `${DL}/conversations/wc_x/activities`, headers: bearer('garbage'), body: '{"type":"message","text":"hi"}', status: 403, reason: /invalid/ },
  { name: 'post activity with an expired token', method: 'POST', path: `${DL}/conversations/wc_x/activities`, headers: bearer(expired), body: '{"type":"message","text":"hi"}', status: 403, reason: /expired/ },
  { name: 'post activity with a token signed by another key', method: 'POST', path: `${DL}/conversations/wc_x/activities`, headers: bearer(wrongKey), body: '{"type":"message","text":"hi"}', status: 403 },
  {
    name: "post activity into another customer's conversation",
    method: 'POST',
    path: async (running) => `${DL}/conversations/${(await session(running)).conversationId}/activities`,
    headers: async (running) => bearer((await session(running)).token),
    body: '{"type":"message","text":"hi"}',
    status: 403,
    reason: /not valid for this conversation/,
  },
  withSession('post activity: malformed JSON', '{"type"', 400, /not valid JSON/),
  withSession('post activity: no type', '{"text":"hi"}', 400, /activity\.type is required/),
  withSession('post activity: a type only the service may send', '{"type":"conversationUpdate"}', 400, /activity\.type must be one of/),
  withSession('post activity: JSON that is not an object', '[1,2]', 400, /./),
  { name: 'activities of a conversation that does not exist', method: 'GET', path: `${DL}/conversations/wc_gone/activities`, headers: async () => bearer(jwt.sign({ conv: 'wc_gone', sub: 'dl_x' }, SECRET, { issuer: 'switchboard-webchat', expiresIn: 600 })), status: 404 },
  { name: 'activities with a negative watermark', method: 'GET', path: `${DL}/conversations/wc_x/activities?watermark=-1`, headers: async () => bearer(jwt.sign({ conv: 'wc_x', sub: 'dl_x' }, SECRET, { issuer: 'switchboard-webchat', expiresIn: 600 })), status: 400, reason: /watermark/ },
  { name: 'post activity into a conversation that does not exist', method: 'POST', path: `${DL}/conversations/wc_gone/activities`, headers: async () => bearer(jwt.sign({ conv: 'wc_gone', sub: 'dl_x' }, SECRET, { issuer: 'switchboard-webchat', expiresIn: 600 })), body: '{"type":"message","text":"hi"}', status: 404, reason: /not found/ },
  { name: "reconnect to another customer's conversation", method: 'GET', path: async (running) => `${DL}/conversations/${(await session(running)).conversationId}`, headers: async (running) => bearer((await session(running)).token), status: 403, reason: /not valid for this conversation/ },
  { name: 'refresh with an expired token', method: 'POST', path: `${DL}/tokens/refresh`, headers: bearer(expired), status: 403, reason: /expired/ },
  { name: 'refresh with a garbage token', method: 'POST', path: `${DL}/tokens/refresh`, headers: bearer('nope'), status: 403 },
  { name: 'refresh with no token', method: 'POST', path: `${DL}/tokens/refresh`, status: 401 },
  { name: 'start a conversation with a Basic header', method: 'POST', path: `${DL}/conversations`, headers: { authorization: 'Basic dXNlcjpwYXNz' }, status: 401, reason: /Bearer/ },
  { name: 'token generate with a malformed body', method: 'POST', path: `${DL}/tokens/generate`, headers: json, body: '{"locale":', status: 400 },
];

rows.push(withSession('post activity: body over 256 KB', JSON.stringify({ type: 'message', text: 'x'.repeat(300_000) }), 413, /exceeds/));
rows.push(withSession('post activity: text over 10000 characters', JSON.stringify({ type: 'message', text: 'x'.repeat(10_001) }), 400, /longer/));
const nested = (depth: number) => `{"type":"message","text":"hi","channelData":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
rows.push(withSession('post activity: channelData nested 1,500 deep', nested(1500), 400, /nested deeper than 64 levels/));
rows.push(withSession('post activity: 20 KB of channelData', JSON.stringify({ type: 'message', text: 'hi', channelData: { blob: 'x'.repeat(20_000) } }), 400, /at most 16384/));
rows.push(withSession('post activity: an empty message', JSON.stringify({ type: 'message' }), 400, /needs text/));

runBadInputTable('bad input: web chat Direct Line', rows, { WEBCHAT_TOKEN_SECRET: SECRET });
