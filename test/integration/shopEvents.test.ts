import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createMessengerChannel } from '../../channels/messenger';
import { signatureFor } from '../../channels/messenger/signature';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { startFakeGraphApi } from '../fakes/graphApi';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { EVENTS_SECRET, postShopEvent, webChatTexts } from '../support/shopEventsClient';
import { advanceWithRealTime, manualClock } from '../support/manualClock';
import { serverUnderTest } from '../support/server';

const TELEGRAM_TOKEN = '123456:test-token';
const TELEGRAM_SECRET = 'webhook-secret-123';
const APP_SECRET = 'messenger-app-secret';
telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };

// Quiet hours are off in these tests, which run at whatever time CI does; the last test moves a clock.
type Running = Awaited<ReturnType<typeof serverUnderTest>>;
const unixNow = () => Math.floor(Date.now() / 1000);

const postEvent = (running: Running, body: unknown) => postShopEvent(running.baseUrl, body);

const shipped = (id: string, orderNumber: string, extra: Record<string, unknown> = {}, customer: Record<string, unknown> = {}) => ({
  id,
  type: 'order_shipped',
  customer: { orderNumber, ...customer },
  data: { orderNumber, ...extra },
});

const webChat = (running: Running, locale: string) => webChatTexts(running.baseUrl, locale);

describe('Shop events reach the customer in the conversation where they looked the order up', function () {
  this.timeout(60_000);

  it('web chat, english: "order shipped" arrives with carrier, date and link while a question is open, which still takes the answer; the same id again sends nothing', async () => {
    const running = await serverUnderTest({ EVENTS_SECRET, QUIET_HOURS: 'off' }, new MemoryStore(), [createWebChatChannel]);
    const web = await webChat(running, 'en-US');
    try {
      // Before any lookup the shop's event finds nobody: an order number is not an identity.
      assert.deepEqual(await postEvent(running, shipped('evt-0', '100234')), { status: 202, body: { delivered: false, reason: 'unknown_customer' } });
      assert.deepEqual(await web.say('hi, i want to send back the boots from order 100234', 1), ['And the e-mail address or postcode of that order?']);
      const [refused, question] = await web.say('anna.nowak@example.com', 2);
      assert.match(refused ?? '', /Wool socks/);
      assert.equal(question, 'Why would you like to return "Hiking boots, size 41"?');
      const event = shipped('evt-1', '100234', { carrier: 'DHL', trackingUrl: 'https://track.example/AB123', expectedDelivery: '2026-12-08' }, { name: 'Anna' });
      assert.deepEqual(await postEvent(running, event), { status: 202, body: { delivered: true } });
      assert.deepEqual(await web.next(), [
        'Hello Anna!\nGood news: your order 100234 has shipped with DHL.\nExpected delivery: Tue, Dec 8\nTrack it here: https://track.example/AB123',
      ]);
      // The shop's retry of the same event: acknowledged as before, not sent again.
      assert.deepEqual(await postEvent(running, event), { status: 202, body: { delivered: true, repeated: true } });
      const [next] = await web.say('they are too small', 1);
      assert.match(next ?? '', /refund|exchange/i);
      assert.equal(web.unread(), 0);
      assert.equal((await running.app.scheduler.get('event/evt-1'))?.status, 'done');
    } finally {
      web.end();
      await running.stop();
    }
  });

  it('web chat: an event naming a booking code reaches the conversation it was booked in, addressed by the name given when booking', async () => {
    const running = await serverUnderTest({ EVENTS_SECRET, QUIET_HOURS: 'off' }, new MemoryStore(), [createWebChatChannel]);
    const web = await webChat(running, 'en-US');
    try {
      await web.say('hi, consultation in krakow on tuesday at 11 please', 1);
      await web.say('anna nowak', 1);
      await web.say('anna.nowak@example.com', 2);
      const [booked] = await web.say('yes', 1);
      const code = /booking code is ([A-Z2-9]{6})/.exec(booked ?? '')?.[1];
      assert.ok(code, booked);
      const stock = { id: 'evt-b-1', type: 'back_in_stock', customer: { bookingCode: code.toLowerCase() }, data: { product: 'The rain jacket in size M' } };
      assert.deepEqual(await postEvent(running, stock), { status: 202, body: { delivered: true } });
      assert.deepEqual(await web.next(), ['Hello anna nowak!\nThe rain jacket in size M is back in stock.\n\n(Reply "stop" if you\'d rather not get messages like this.)']);
    } finally {
      web.end();
      await running.stop();
    }
  });

  it('telegram, german: the message is german with the name the shop sends; a chat that blocked the bot is told "chat_unreachable" and not written to again', async () => {
    const fake = await startFakeTelegramApi(TELEGRAM_TOKEN);
    const env = { EVENTS_SECRET, QUIET_HOURS: 'off', TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' };
    const running = await serverUnderTest(env, new MemoryStore(), [createTelegramChannel]);
    let updateId = 500;
    const say = async (text: string, replies: number) => {
      const before = fake.sent().length;
      updateId += 1;
      const update = { update_id: updateId, message: { message_id: updateId, date: unixNow(), chat: { id: 91, type: 'private' }, from: { id: 91, is_bot: false, first_name: 'Max', language_code: 'de' }, text } };
      const res = await fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(update) });
      assert.equal(res.status, 200);
      return (await fake.waitForSent(before + replies)).slice(before).map((call) => String(call.payload.text));
    };
    try {
      await say('hallo, ich moechte was zurueckschicken, bestellung 100377', 1);
      await say('10117', 1);
      const before = fake.sent().length;
      const event = shipped('evt-de-1', '100377', { carrier: 'DHL', trackingNumber: '00340434161094022115', expectedDelivery: '2026-12-11' }, { name: 'Max' });
      assert.deepEqual(await postEvent(running, event), { status: 202, body: { delivered: true } });
      const [message] = (await fake.waitForSent(before + 1)).slice(before);
      assert.equal(message?.payload.text, 'Hallo Max!\nGute Nachricht: Ihre Bestellung 100377 ist mit DHL verschickt.\nVoraussichtliche Zustellung: Fr., 11. Dez.\nSendungsnummer: 00340434161094022115');
      fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      const delayed = { id: 'evt-de-2', type: 'delivery_delayed', customer: { orderNumber: '100377' }, data: { orderNumber: '100377', expectedDelivery: '2026-12-15' } };
      assert.deepEqual(await postEvent(running, delayed), { status: 202, body: { delivered: false, reason: 'chat_unreachable' } });
      const calls = fake.sent().length;
      const delivered = { id: 'evt-de-3', type: 'order_delivered', customer: { orderNumber: '100377' }, data: { orderNumber: '100377' } };
      assert.deepEqual(await postEvent(running, delivered), { status: 202, body: { delivered: false, reason: 'chat_unreachable' } });
      assert.equal(fake.sent().length, calls, 'a blocked chat was written to again');
    } finally {
      await running.stop();
      await fake.stop();
    }
  });

  it('messenger, polish: inside the 24-hour window it is sent (never tagged); a day after the last message it is not, and the shop hears "outside_window"', async () => {
    const graph = await startFakeGraphApi();
    graph.setProfile('psid-7', { first_name: 'Jan', locale: 'pl_PL' });
    const storage = new MemoryStore();
    const env = { EVENTS_SECRET, QUIET_HOURS: 'off', MESSENGER_PAGE_ACCESS_TOKEN: 'page-token', MESSENGER_APP_SECRET: APP_SECRET, MESSENGER_VERIFY_TOKEN: 'verify-me-please', MESSENGER_GRAPH_API_URL: graph.url };
    const running = await serverUnderTest(env, storage, [createMessengerChannel]);
    let mid = 0;
    const say = async (text: string, replies: number) => {
      const before = graph.messages().length;
      mid += 1;
      const raw = JSON.stringify({ object: 'page', entry: [{ id: 'PAGE', time: Date.now(), messaging: [{ sender: { id: 'psid-7' }, recipient: { id: 'PAGE' }, timestamp: Date.now(), message: { mid: `m.${mid}`, text } }] }] });
      const res = await fetch(`${running.baseUrl}/api/messenger/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(raw, APP_SECRET) }, body: raw });
      assert.equal(res.status, 200);
      const deadline = Date.now() + 8000;
      while (graph.messages().length < before + replies && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return graph.messages().slice(before).map((body) => (body.message && 'text' in body.message ? body.message.text : undefined));
    };
    try {
      await say('dzien dobry, chce zwrocic zamowienie 100412', 1);
      await say('jan.kowalski@example.pl', 1);
      const sentBefore = graph.messages().length;
      assert.deepEqual(await postEvent(running, shipped('evt-pl-0', '100412', { carrier: 'InPost', expectedDelivery: '2026-12-09' })), { status: 202, body: { delivered: true } });
      const [orderNews] = graph.messages().slice(sentBefore);
      assert.equal(orderNews?.message && 'text' in orderNews.message ? orderNews.message.text : undefined, 'Dzień dobry!\nDobra wiadomość: zamówienie 100412 zostało wysłane przez InPost.\nPrzewidywana dostawa: śr., 9 gru');
      assert.equal(orderNews?.messaging_type, 'RESPONSE');
      const before = graph.messages().length;
      const stock = { id: 'evt-pl-1', type: 'back_in_stock', customer: { orderNumber: '100412', name: 'Jan' }, data: { product: 'Kurtka przeciwdeszczowa', url: 'https://shop.example/p/JKT-RAIN' } };
      assert.deepEqual(await postEvent(running, stock), { status: 202, body: { delivered: true } });
      const [sent] = graph.messages().slice(before);
      assert.equal(sent?.message && 'text' in sent.message ? sent.message.text : undefined, 'Dzień dobry Jan!\nProdukt „Kurtka przeciwdeszczowa” jest znowu dostępny.\nZobacz tutaj: https://shop.example/p/JKT-RAIN\n\n(Wystarczy odpisać „stop”, żeby nie dostawać takich wiadomości.)');
      assert.equal(sent?.messaging_type, 'RESPONSE');
      assert.equal(sent?.tag, undefined);
      // A day and an hour since Jan last wrote.
      await storage.write({ 'facebook/lastInbound/psid-7': { at: Date.now() - 25 * 60 * 60_000 } });
      const calls = graph.calls.length;
      const late = shipped('evt-pl-2', '100412');
      assert.deepEqual(await postEvent(running, late), { status: 202, body: { delivered: false, reason: 'outside_window' } });
      assert.equal(graph.calls.length, calls, 'a message outside the window went to Graph');
      assert.equal((await running.app.scheduler.get('event/evt-pl-2'))?.status, 'skipped');
    } finally {
      await running.stop();
      await graph.stop();
    }
  });

  it('quiet hours: an event at 22:30 in the shop\'s time zone is held until 08:00, answered with when, and sent then, once', async () => {
    // Thursday 3 December 2026, 22:30 in Berlin.
    const clock = manualClock(Date.parse('2026-12-03T21:30:00Z'));
    const running = await serverUnderTest({ EVENTS_SECRET }, new MemoryStore(), [createWebChatChannel], () => new Date(clock.now()), undefined, {}, {
      scheduler: { clock, pollIntervalMs: 30 * 60_000 },
    });
    const web = await webChat(running, 'en-US');
    try {
      await web.say('i want to return the boots from order 100234', 1);
      await web.say('31-019', 2);
      const event = shipped('evt-night', '100234', { carrier: 'DPD' });
      // Held to 08:00 Berlin, a few seconds past it by when it was filed (held events keep their order).
      const held = await postEvent(running, event);
      assert.equal(held.status, 202);
      assert.deepEqual({ ...held.body, sendAt: undefined }, { delivered: false, reason: 'quiet_hours', sendAt: undefined });
      // Filed at 22:30, 14.5 hours after the previous 08:00: 52.2 s past the end.
      assert.equal(held.body.sendAt, "2026-12-04T07:00:52.200Z");
      assert.deepEqual(await postEvent(running, event), { status: 202, body: { ...held.body, repeated: true } });
      await advanceWithRealTime(clock, Date.parse('2026-12-04T06:59:00Z'));
      assert.equal(web.unread(), 0, 'sent in quiet hours');
      await advanceWithRealTime(clock, Date.parse('2026-12-04T07:02:00Z'));
      assert.deepEqual(await web.next(), ['Hello!\nGood news: your order 100234 has shipped with DPD.']);
      assert.deepEqual(await postEvent(running, event), { status: 202, body: { delivered: true, repeated: true } });
      assert.equal(web.unread(), 0);
    } finally {
      web.end();
      await running.stop();
    }
  });
});
