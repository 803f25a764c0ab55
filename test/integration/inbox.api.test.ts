import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createWebChatChannel } from '../../channels/webchat';
import { StoredBookingService } from '../../dialogs/booking/bookingService';
import { HandoverQueue } from '../../dialogs/handover/handoverQueue';
import { SampleReturnService } from '../../dialogs/returns/returnService';
import { OptOuts } from '../../dialogs/optOuts';
import { templates } from '../../dialogs/locales';
import { directLineClient, generateToken } from '../support/directLineClient';
import { ANNA_TOKEN, BEN_TOKEN, eventually, INBOX_ENV, inboxClient } from '../support/inbox';
import { serverUnderTest } from '../support/server';

const en = templates.en.handover;
/** A bookable time whenever the test runs: a Wednesday at 10:00 two weeks ahead, in the shop's zone. */
const nextWednesdayAtTen = () => DateTime.now().setZone('Europe/Berlin').plus({ weeks: 2 }).set({ weekday: 3 }).toFormat("yyyy-MM-dd'T'10:00");
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** A web chat conversation waiting for an agent, queued straight into the store. */
function waitingTicket(storage: MemoryStore, who: { conversationId: string; userId: string; name: string; locale: 'en' | 'de' | 'pl'; summary: string }) {
  return new HandoverQueue(storage).enqueue({
    reference: { channelId: 'webchat', conversation: { id: who.conversationId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: who.userId, name: who.name } },
    customerKey: `webchat/users/${who.userId}`,
    customerName: who.name,
    locale: who.locale,
    summary: who.summary,
    messages: [],
    leftMessage: false,
  });
}

describe('Agent inbox API: bad input, live events and the claim timeout', function () {
  this.timeout(30_000);
  let running: Awaited<ReturnType<typeof serverUnderTest>>;
  let storage: MemoryStore;
  let id: string;
  let customer: ReturnType<typeof directLineClient>;

  before(async () => {
    storage = new MemoryStore();
    running = await serverUnderTest(INBOX_ENV, storage, [createWebChatChannel]);
    const { token } = await generateToken(running.baseUrl, 'en-US');
    customer = directLineClient(running.baseUrl, token, { webSocket: false });
    await customer.say('agent');
    await eventually(() => customer.fromBot().find((a) => a.text === en.askSummary), 'the summary question');
    await customer.say('Invoice is wrong');
    id = (await inboxClient(running.baseUrl, ANNA_TOKEN).waitFor((c) => c.summary === 'Invoice is wrong')).id;
  });
  after(async () => {
    customer?.end();
    await running?.stop();
  });

  it('answers every bad request with a 4xx and a reason', async () => {
    const conversation = `/api/inbox/conversations/${id}`;
    const cases: { name: string; method: string; path: string; token?: string; body?: string; status: number }[] = [
      { name: 'no token', method: 'GET', path: '/api/inbox/conversations', status: 401 },
      { name: 'wrong token', method: 'GET', path: '/api/inbox/conversations', token: 'not-a-real-token-at-all', status: 401 },
      { name: 'wrong token on claim', method: 'POST', path: `${conversation}/claim`, token: 'x'.repeat(30), status: 401 },
      { name: 'no token on reply', method: 'POST', path: `${conversation}/messages`, body: '{"text":"hi"}', status: 401 },
      { name: 'bad status filter', method: 'GET', path: '/api/inbox/conversations?status=everything', token: ANNA_TOKEN, status: 400 },
      { name: 'limit of 0', method: 'GET', path: '/api/inbox/conversations?limit=0', token: ANNA_TOKEN, status: 400 },
      { name: 'limit not a number', method: 'GET', path: '/api/inbox/conversations?limit=lots', token: ANNA_TOKEN, status: 400 },
      { name: 'limit too large', method: 'GET', path: '/api/inbox/conversations?limit=501', token: ANNA_TOKEN, status: 400 },
      { name: 'unknown id', method: 'GET', path: `/api/inbox/conversations/${UNKNOWN}`, token: ANNA_TOKEN, status: 404 },
      { name: 'claim unknown id', method: 'POST', path: `/api/inbox/conversations/${UNKNOWN}/claim`, token: ANNA_TOKEN, status: 404 },
      { name: 'reply to unknown id', method: 'POST', path: `/api/inbox/conversations/${UNKNOWN}/messages`, token: ANNA_TOKEN, body: '{"text":"hi"}', status: 404 },
      { name: 'note on unknown id', method: 'POST', path: `/api/inbox/conversations/${UNKNOWN}/notes`, token: ANNA_TOKEN, body: '{"text":"hi"}', status: 404 },
      { name: 'resolve unknown id', method: 'POST', path: `/api/inbox/conversations/${UNKNOWN}/resolve`, token: ANNA_TOKEN, status: 404 },
      { name: 'reply without a claim', method: 'POST', path: `${conversation}/messages`, token: ANNA_TOKEN, body: '{"text":"hi"}', status: 409 },
      { name: 'resolve without a claim', method: 'POST', path: `${conversation}/resolve`, token: ANNA_TOKEN, status: 409 },
      { name: 'malformed JSON', method: 'POST', path: `${conversation}/notes`, token: ANNA_TOKEN, body: '{"text":', status: 400 },
      { name: 'empty body', method: 'POST', path: `${conversation}/notes`, token: ANNA_TOKEN, body: '', status: 400 },
      { name: 'text missing', method: 'POST', path: `${conversation}/notes`, token: ANNA_TOKEN, body: '{"note":"x"}', status: 400 },
      { name: 'oversized text', method: 'POST', path: `${conversation}/notes`, token: ANNA_TOKEN, body: JSON.stringify({ text: 'x'.repeat(4001) }), status: 413 },
      { name: 'oversized body', method: 'POST', path: `${conversation}/notes`, token: ANNA_TOKEN, body: JSON.stringify({ text: 'x'.repeat(40_000) }), status: 413 },
      { name: 'tags not an array', method: 'PUT', path: `${conversation}/tags`, token: ANNA_TOKEN, body: '{"tags":"vip"}', status: 400 },
      { name: 'follow-up not a boolean', method: 'POST', path: `${conversation}/follow-up`, token: ANNA_TOKEN, body: '{"followUp":"yes"}', status: 400 },
      { name: 'events without a ticket', method: 'GET', path: '/api/inbox/events', status: 401 },
      { name: 'events with a made-up ticket', method: 'GET', path: '/api/inbox/events?ticket=made-up', status: 401 },
    ];
    for (const c of cases) {
      const res = await fetch(`${running.baseUrl}${c.path}`, {
        method: c.method,
        headers: { ...(c.token ? { authorization: `Bearer ${c.token}` } : {}), ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(c.body !== undefined ? { body: c.body } : {}),
      });
      assert.equal(res.status, c.status, c.name);
      const body = (await res.json()) as { message?: unknown };
      assert.equal(typeof body.message, 'string', `${c.name}: a reason`);
    }
    const detail = await inboxClient(running.baseUrl, ANNA_TOKEN).get(id);
    assert.deepEqual(detail.notes, [], 'no refused request changed anything');
    assert.equal(detail.status, 'waiting');
  });

  it("shows the customer's bookings and returns, so the agent need not ask again", async () => {
    const ticketItem = (await storage.read([`handover/ticket/${id}`]))[`handover/ticket/${id}`] as { customerKey: string };
    const customerKey = ticketItem.customerKey;
    const bookings = new StoredBookingService(storage, 'Europe/Berlin');
    const booking = await bookings.book({ storeId: 'berlin', serviceId: 'consultation', start: nextWednesdayAtTen(), name: 'Ida', contact: 'ida@example.com', customerKey });
    const returns = new SampleReturnService(storage, 'Europe/Berlin');
    const order = await returns.findOrder('100234', '31-019');
    assert.ok(order);
    const request = await returns.createReturn(order, { skus: ['JKT-RAIN-M'], reason: 'fit', resolution: 'refund', customerKey });
    const detail = await inboxClient(running.baseUrl, ANNA_TOKEN).get(id);
    assert.deepEqual(detail.customer.bookings.map((b) => b.code), [booking.code]);
    assert.deepEqual(detail.customer.returns.map((r) => r.rma), [request.rma]);
  });

  it("shows the reminders and shop messages filed about the customer and what they opted out of", async () => {
    const ticketItem = (await storage.read([`handover/ticket/${id}`]))[`handover/ticket/${id}`] as { customerKey: string; reference: object };
    const dueAt = Date.now() + 24 * 60 * 60_000;
    await running.app.scheduler.schedule({ id: 'reminder/INBOX1/24h', kind: 'booking-reminder', dueAt, payload: { reference: ticketItem.reference }, subject: ticketItem.customerKey, topic: 'reminders' });
    await running.app.scheduler.schedule({ id: 'reminder/OTHER1/24h', kind: 'booking-reminder', dueAt, payload: {}, subject: 'webchat/users/someone-else', topic: 'reminders' });
    await new OptOuts(storage).optOut(ticketItem.customerKey, ['marketing'], Date.now());
    const detail = await inboxClient(running.baseUrl, ANNA_TOKEN).get(id);
    assert.deepEqual(detail.customer.scheduled, [{ kind: 'booking-reminder', topic: 'reminders', dueAt: new Date(dueAt).toISOString(), status: 'scheduled' }]);
    assert.deepEqual(detail.customer.optedOut, ['marketing']);
  });

  it('notes, tags and follow-up are kept; any agent may add notes', async () => {
    const ben = inboxClient(running.baseUrl, BEN_TOKEN);
    assert.equal((await ben.call('POST', `/conversations/${id}/notes`, { text: 'Customer since 2019' })).status, 201);
    assert.equal((await ben.call('PUT', `/conversations/${id}/tags`, ['billing', 'vip', 'billing'])).status, 200);
    assert.equal((await ben.call('POST', `/conversations/${id}/follow-up`, { followUp: true })).status, 200);
    const detail = await ben.get(id);
    assert.deepEqual(detail.notes.map((n) => [n.agent, n.text]), [['Ben', 'Customer since 2019']]);
    assert.deepEqual(detail.tags, ['billing', 'vip']);
    assert.equal(detail.followUp, true);
    assert.ok(!customer.fromBot().some((a) => /Customer since/.test(a.text ?? '')), 'notes never reach the customer');
  });

  it('streams changes as server-sent events to a holder of a one-time ticket', async () => {
    const anna = inboxClient(running.baseUrl, ANNA_TOKEN);
    const { ticket } = (await (await anna.call('POST', '/events/ticket')).json()) as { ticket: string };
    const abort = new AbortController();
    const stream = await fetch(`${running.baseUrl}/api/inbox/events?ticket=${ticket}`, { signal: abort.signal });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
    const reused = await fetch(`${running.baseUrl}/api/inbox/events?ticket=${ticket}`);
    assert.equal(reused.status, 401, 'a ticket works once');
    await reused.body?.cancel();
    const reader = stream.body!.getReader();
    await anna.call('POST', `/conversations/${id}/notes`, { text: 'checking' });
    let received = '';
    while (!received.includes('event: change')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += Buffer.from(value).toString('utf8');
    }
    abort.abort();
    assert.match(received, new RegExp(`event: change\\ndata: \\{"kind":"note","ticketId":"${id}","status":"waiting"\\}`));
  });

  it('tells the customer once when nobody claimed in time; "Leave a message" is understood', async () => {
    const key = `handover/ticket/${id}`;
    const item = (await storage.read([key]))[key] as Record<string, unknown>;
    // Arrived an hour ago, as far as the queue knows (the timeout is 10 minutes).
    await storage.write({ [key]: { ...item, createdAt: new Date(Date.now() - 60 * 60_000).toISOString() } });
    assert.equal(await running.app.handoverQueue?.depth(), 1, 'the depth a metrics gauge reads');
    assert.equal(await running.app.inbox?.sweep(), 1);
    assert.equal(await running.app.inbox?.sweep(), 0, 'told once');
    const offer = await eventually(() => customer.fromBot().find((a) => a.text === en.claimTimeout), 'the claim-timeout message');
    assert.deepEqual(offer.suggestedActions?.actions.map((a) => a.value), [en.keepWaiting, en.leaveMessage]);
    await customer.say(en.leaveMessage);
    await eventually(() => customer.fromBot().find((a) => a.text === en.askMessage), 'the request for the message');
    await eventually(async () => ((await inboxClient(running.baseUrl, ANNA_TOKEN).get(id)).leftMessage ? true : undefined), 'leftMessage on the ticket');
  });

  it('once claimed, only the holder changes tags and follow-up; notes stay open to every agent', async () => {
    const ticket = await waitingTicket(storage, { conversationId: 'held-by-anna', userId: 'h', name: 'Hela', locale: 'en', summary: 'Parcel damaged' });
    const anna = inboxClient(running.baseUrl, ANNA_TOKEN);
    const ben = inboxClient(running.baseUrl, BEN_TOKEN);
    assert.equal((await ben.call('PUT', `/conversations/${ticket.id}/tags`, ['damage'])).status, 200, 'while it waits, anyone triages');
    assert.equal((await anna.claim(ticket.id)).status, 200);
    const refusedTags = await ben.call('PUT', `/conversations/${ticket.id}/tags`, ['spam']);
    assert.equal(refusedTags.status, 409);
    assert.match(((await refusedTags.json()) as { message: string }).message, /Anna holds this conversation/);
    assert.equal((await ben.call('POST', `/conversations/${ticket.id}/follow-up`, { followUp: true })).status, 409);
    assert.equal((await ben.call('POST', `/conversations/${ticket.id}/notes`, { text: 'Same customer wrote last week' })).status, 201);
    assert.equal((await anna.call('PUT', `/conversations/${ticket.id}/tags`, ['damage', 'refund'])).status, 200);
    const detail = await anna.get(ticket.id);
    assert.deepEqual(detail.tags, ['damage', 'refund']);
    assert.equal(detail.followUp, false);
    assert.deepEqual(detail.notes.map((n) => n.agent), ['Ben']);
  });
});

describe('Agent inbox on two instances sharing one store', function () {
  this.timeout(30_000);
  it('an agent streaming from one instance hears about a claim made on the other; the second claim is refused there', async () => {
    const storage = new MemoryStore();
    const first = await serverUnderTest(INBOX_ENV, storage, [createWebChatChannel]);
    const second = await serverUnderTest(INBOX_ENV, storage, [createWebChatChannel]);
    const abort = new AbortController();
    try {
      const ticket = await waitingTicket(storage, { conversationId: 'elsewhere', userId: 'u', name: 'Uma', locale: 'de', summary: 'Lieferung fehlt' });
      const onFirst = inboxClient(first.baseUrl, ANNA_TOKEN);
      const { ticket: streamTicket } = (await (await onFirst.call('POST', '/events/ticket')).json()) as { ticket: string };
      const stream = await fetch(`${first.baseUrl}/api/inbox/events?ticket=${streamTicket}`, { signal: abort.signal });
      const reader = stream.body!.getReader();
      await reader.read(); // the stream's opening frame: connected before the change happens

      assert.equal((await inboxClient(second.baseUrl, BEN_TOKEN).claim(ticket.id)).status, 200);
      assert.equal((await onFirst.claim(ticket.id)).status, 409, 'the claim is in the shared store');
      let received = '';
      while (!received.includes('"kind":"claimed"')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += Buffer.from(value).toString('utf8');
      }
      assert.match(received, new RegExp(`"kind":"claimed","ticketId":"${ticket.id}","status":"assigned"`));
      assert.equal((await onFirst.get(ticket.id)).agent, 'Ben');
    } finally {
      abort.abort();
      await first.stop();
      await second.stop();
    }
  });
});
