import assert from 'node:assert/strict';
import { signatureHeader, signatureOf } from '../../bots/http/signature';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createWebChatChannel } from '../../channels/webchat';
import { directLineClient, generateToken } from '../support/directLineClient';
import { serverUnderTest } from '../support/server';

const SECRET = 'shop-events-secret-0123456789';
const unixNow = () => Math.floor(Date.now() / 1000);
const good = { id: 'evt-100', type: 'order_shipped', customer: { orderNumber: '100234' }, data: { orderNumber: '100234' } };
const withData = (data: Record<string, unknown>) => JSON.stringify({ ...good, id: `evt-${Math.random()}`, data: { ...good.data, ...data } });
const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

interface Row {
  name: string;
  /** The body as sent; signed with SECRET now unless `signature` says otherwise. */
  body: string;
  signature?: string | ((raw: string) => string) | null;
  contentType?: string;
  status: number;
  /** What the short reason names. */
  says: RegExp;
}

const signedNow = (raw: string) => signatureHeader(raw, SECRET, unixNow());
const rows: Row[] = [
  { name: 'no signature', body: JSON.stringify(good), signature: null, status: 401, says: /header is missing/ },
  { name: 'a signature header without v1', body: JSON.stringify(good), signature: `t=${unixNow()}`, status: 401, says: /not "t=<unix seconds>,v1=<hex>"/ },
  { name: 'v1 that is not hex', body: JSON.stringify(good), signature: `t=${unixNow()},v1=${'z'.repeat(64)}`, status: 401, says: /not "t=/ },
  { name: 'a timestamp that is not a number', body: JSON.stringify(good), signature: (raw) => `t=soon,v1=${signatureOf(raw, SECRET, unixNow())}`, status: 401, says: /not "t=/ },
  { name: 'Stripe-style header under another name only', body: JSON.stringify(good), signature: null, contentType: 'application/json', status: 401, says: /missing/ },
  { name: 'signed with another secret', body: JSON.stringify(good), signature: (raw) => signatureHeader(raw, 'someone-elses-secret-000000', unixNow()), status: 401, says: /does not match/ },
  { name: 'a signature of another body', body: JSON.stringify(good), signature: () => signedNow(JSON.stringify({ ...good, id: 'evt-other' })), status: 401, says: /does not match/ },
  { name: 'the signed timestamp changed', body: JSON.stringify(good), signature: (raw) => `t=${unixNow() - 1},v1=${signatureOf(raw, SECRET, unixNow())}`, status: 401, says: /does not match/ },
  { name: 'a replay 10 minutes later', body: JSON.stringify(good), signature: (raw) => signatureHeader(raw, SECRET, unixNow() - 600), status: 401, says: /more than 300 s/ },
  { name: 'a timestamp 10 minutes ahead', body: JSON.stringify(good), signature: (raw) => signatureHeader(raw, SECRET, unixNow() + 600), status: 401, says: /more than 300 s/ },
  { name: 'an empty body', body: '', status: 400, says: /empty/ },
  { name: 'not JSON', body: '{"id": "evt-1", ', status: 400, says: /not valid JSON/ },
  { name: 'a form post', body: 'id=evt-1&type=order_shipped', contentType: 'application/x-www-form-urlencoded', status: 415, says: /application\/json/ },
  { name: 'over 32 KB', body: withData({ carrier: 'x'.repeat(40 * 1024) }), status: 413, says: /exceeds 32768 bytes/ },
  { name: 'nested 100 levels deep', body: JSON.stringify({ ...good, data: nested(100) }), status: 400, says: /nested deeper/ },
  { name: 'an array', body: JSON.stringify([good]), status: 400, says: /^event/ },
  { name: 'no id', body: JSON.stringify({ ...good, id: undefined }), status: 400, says: /^event\.id: / },
  { name: 'an id with spaces', body: JSON.stringify({ ...good, id: 'evt 1' }), status: 400, says: /^event\.id: must be 1-128 printable/ },
  { name: 'an unknown type', body: JSON.stringify({ ...good, type: 'order_teleported' }), status: 400, says: /^event\.type: must be one of order_shipped/ },
  { name: 'no customer', body: JSON.stringify({ ...good, customer: undefined }), status: 400, says: /^event\.customer: / },
  { name: 'a customer by two references', body: JSON.stringify({ ...good, customer: { orderNumber: '100234', bookingCode: 'K7QX2M' } }), status: 400, says: /exactly one of orderNumber, bookingCode or email/ },
  { name: 'a customer by name only', body: JSON.stringify({ ...good, customer: { name: 'Anna' } }), status: 400, says: /exactly one of/ },
  { name: 'a booking code of the wrong shape', body: JSON.stringify({ ...good, customer: { bookingCode: 'ABC' } }), status: 400, says: /^event\.customer\.bookingCode: must be a 6-character booking code/ },
  { name: 'a shipped event without its order', body: JSON.stringify({ ...good, data: {} }), status: 400, says: /^event\.data\.orderNumber: / },
  { name: 'a javascript: tracking link', body: withData({ trackingUrl: 'javascript:alert(1)' }), status: 400, says: /^event\.data\.trackingUrl: must be an http\(s\) URL/ },
  { name: 'a delivery date that does not exist', body: withData({ expectedDelivery: '2026-13-45' }), status: 400, says: /^event\.data\.expectedDelivery: must be a date, YYYY-MM-DD/ },
  { name: 'a delivery date in words', body: withData({ expectedDelivery: 'tomorrow' }), status: 400, says: /^event\.data\.expectedDelivery: must be a date, YYYY-MM-DD/ },
  { name: 'a name of 500 characters', body: JSON.stringify({ ...good, customer: { orderNumber: '100234', name: 'A'.repeat(500) } }), status: 400, says: /^event\.customer\.name: / },
  { name: 'a cart with 1000 items', body: JSON.stringify({ id: 'evt-cart', type: 'cart_abandoned', customer: { orderNumber: '100234' }, data: { items: Array.from({ length: 1000 }, (_, i) => `item ${i}`) } }), status: 400, says: /^event\.data\.items: / },
  { name: 'an order nobody looked up', body: JSON.stringify({ ...good, id: 'evt-unknown', customer: { orderNumber: '999999' }, data: { orderNumber: '999999' } }), status: 202, says: /"reason":"unknown_customer"/ },
  { name: 'a booking nobody made', body: JSON.stringify({ id: 'evt-stock', type: 'back_in_stock', customer: { bookingCode: 'K7QX2M' }, data: { product: 'Tent' } }), status: 202, says: /"reason":"unknown_customer"/ },
];

describe('POST /api/events answers bad input with a 4xx and a short reason, never a 5xx', function () {
  this.timeout(60_000);
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  let web: ReturnType<typeof directLineClient>;
  before(async () => {
    running = await serverUnderTest({ EVENTS_SECRET: SECRET, QUIET_HOURS: 'off' }, new MemoryStore(), [createWebChatChannel]);
    // Anna looks her order up, so an event about it has a conversation to go to.
    const { token } = await generateToken(running.baseUrl, 'en-US');
    web = directLineClient(running.baseUrl, token, { webSocket: false });
    await web.botReplies(1);
    await web.say('where is my order 100234? i want to return the boots', 'en-US');
    await web.say('31-019', 'en-US');
    await web.botReplies(4);
  });
  after(async () => {
    web.end();
    await running.stop();
  });

  for (const row of rows) {
    it(`${row.name}: ${row.status}`, async () => {
      const signature = row.signature === null ? undefined : typeof row.signature === 'string' ? row.signature : (row.signature ?? signedNow)(row.body);
      const headers: Record<string, string> = { 'content-type': row.contentType ?? 'application/json', ...(signature ? { 'switchboard-signature': signature } : {}) };
      if (row.name.startsWith('Stripe-style')) headers['stripe-signature'] = signedNow(row.body);
      const res = await fetch(`${running.baseUrl}/api/events`, { method: 'POST', headers, body: row.body });
      const text = await res.text();
      assert.equal(res.status, row.status, text);
      const reason = res.status === 202 ? text : ((JSON.parse(text) as { message: string }).message);
      assert.match(reason, row.says);
    });
  }

  it('the same event id again: 202 with what became of it the first time, and the customer gets it once', async () => {
    const body = JSON.stringify({ ...good, id: 'evt-twice' });
    const before = web.fromBot().length;
    const send = () => fetch(`${running.baseUrl}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'switchboard-signature': signedNow(body) }, body });
    const first = await send();
    assert.deepEqual([first.status, await first.json()], [202, { delivered: true }]);
    const again = await Promise.all([send(), send()]);
    for (const res of again) assert.deepEqual([res.status, await res.json()], [202, { delivered: true, repeated: true }]);
    await web.botReplies(before + 1);
    // Three Direct Line polls: a second copy would have arrived by then.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const told = web.fromBot().filter((activity) => activity.text?.includes('your order 100234 has shipped'));
    assert.equal(told.length, 1);
  });

  it('other methods on the route: 405', async () => {
    const res = await fetch(`${running.baseUrl}/api/events`);
    assert.equal(res.status, 405);
  });

  it('without EVENTS_SECRET the route says it is off: 404', async () => {
    const off = await serverUnderTest({}, new MemoryStore(), [createWebChatChannel]);
    try {
      const body = JSON.stringify(good);
      const res = await fetch(`${off.baseUrl}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'switchboard-signature': signedNow(body) }, body });
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { message: string }).message, /EVENTS_SECRET is not set/);
    } finally {
      await off.stop();
    }
  });
});
