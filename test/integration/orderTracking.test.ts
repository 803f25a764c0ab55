import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { EVENTS_SECRET, postShopEvent, webChatCustomer } from '../support/shopEventsClient';
import { serverUnderTest } from '../support/server';

const TELEGRAM_TOKEN = '123456:test-token';
const TELEGRAM_SECRET = 'webhook-secret-123';
telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };
// Sunday 22 November 2026, 11:00 in Berlin: order 100561 is expected on Tuesday the 24th. Quiet
// hours are off: the events are posted at whatever time CI runs, while the dialogs' clock is fixed.
const NOW = new Date('2026-11-22T10:00:00Z');
const unixNow = () => Math.floor(Date.now() / 1000);

type Running = Awaited<ReturnType<typeof serverUnderTest>>;
type Fake = Awaited<ReturnType<typeof startFakeTelegramApi>>;

async function postEvent(running: Running, body: unknown): Promise<Record<string, unknown>> {
  const answer = await postShopEvent(running.baseUrl, body);
  assert.equal(answer.status, 202);
  return answer.body;
}

const webChat = (running: Running, locale: string) => webChatCustomer(running.baseUrl, locale);

function telegramChat(running: Running, fake: Fake, chat: number, language: string) {
  let updateId = chat * 1000;
  return async (text: string, replies: number) => {
    const before = fake.sent().length;
    updateId += 1;
    const update = { update_id: updateId, message: { message_id: updateId, date: unixNow(), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Kunde', language_code: language }, text } };
    const res = await fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(update) });
    assert.equal(res.status, 200);
    return (await fake.waitForSent(before + replies)).slice(before);
  };
}

const buttons = (activity: Partial<Activity> | undefined) => (activity?.suggestedActions?.actions ?? []).map((action) => action.title);

describe('Where is my order: the tracking dialog, and news the customer asked for', function () {
  this.timeout(60_000);
  let fake: Fake;
  let running: Running;
  beforeEach(async () => {
    fake = await startFakeTelegramApi(TELEGRAM_TOKEN);
    const env = { EVENTS_SECRET, QUIET_HOURS: 'off', TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' };
    running = await serverUnderTest(env, new MemoryStore(), [createWebChatChannel, createTelegramChannel], () => NOW);
  });
  afterEach(async () => {
    await running.stop();
    await fake.stop();
  });

  it('web chat, english: status with carrier, date and link; "yes please" subscribes; the delivery event later comes here, not to a stranger who read the postcode off the parcel', async () => {
    const web = await webChat(running, 'en-US');
    try {
      const [status, offer] = await web.say('hi, where is my order 100561?? ola.wisniewska@example.pl', 2);
      assert.equal(status?.text, 'Order 100561 is on its way with InPost.\nExpected delivery: Tue, Nov 24\nTracking number: 620111222333444\nTrack it here: https://inpost.example/track?number=620111222333444');
      assert.equal(offer?.text, 'Shall I tell you here when it arrives?');
      assert.deepEqual(buttons(offer), ['Yes, tell me when it arrives', 'No, thanks']);
      assert.deepEqual((await web.say('yes please', 1)).map((a) => a.text), ["Done, I'll write here when it arrives."]);
      // Someone else, on Telegram, with the order number and the postcode from the label.
      const stranger = telegramChat(running, fake, 66, 'de');
      const [peek] = await stranger('wo ist meine bestellung 100561? plz 30-001', 2);
      assert.match(String(peek?.payload.text), /^Die Bestellung 100561 ist mit InPost unterwegs\./);
      const toStranger = fake.sent().length;
      assert.deepEqual(await postEvent(running, { id: 'delivered-100561', type: 'order_delivered', customer: { orderNumber: '100561', name: 'Ola' }, data: { orderNumber: '100561' } }), { delivered: true });
      assert.deepEqual((await web.next()).map((a) => a.text), ['Hello Ola!\nYour order 100561 has been delivered. If anything is wrong with it, just write here.']);
      assert.equal(fake.sent().length, toStranger, 'the stranger got the news');
    } finally {
      web.end();
    }
  });

  it('telegram, polish: postcode asked for separately, "tak" subscribes to shipping news, and the shipped event completes it in polish', async () => {
    const say = telegramChat(running, fake, 77, 'pl');
    assert.equal(String((await say('jaki jest status zamowienia 100588', 1))[0]?.payload.text), 'Dla bezpieczeństwa: adres e-mail lub kod pocztowy tego zamówienia?');
    const [status, offer] = await say('80331', 2);
    assert.equal(status?.payload.text, 'Zamówienie 100588 jest w przygotowaniu i nie zostało jeszcze wysłane.\nPrzewidywana dostawa: czw., 26 lis');
    assert.equal(offer?.payload.text, 'Czy dać znać tutaj, gdy zostanie wysłane?');
    assert.equal(String((await say('tak', 1))[0]?.payload.text), 'Dobrze, napiszę tutaj, gdy tylko zostanie wysłane.');
    const before = fake.sent().length;
    assert.deepEqual(await postEvent(running, { id: 'shipped-100588', type: 'order_shipped', customer: { orderNumber: '100588' }, data: { orderNumber: '100588', carrier: 'DHL', trackingUrl: 'https://dhl.example/t/1' } }), { delivered: true });
    const [news] = (await fake.waitForSent(before + 1)).slice(before);
    assert.equal(news?.payload.text, 'Dzień dobry!\nDobra wiadomość: zamówienie 100588 zostało wysłane przez DHL.\nŚledź przesyłkę: https://dhl.example/t/1');
  });

  it('web chat, german: a wrong postcode twice then right; an order already delivered is told with its date and no offer; three wrong tries end with the contact', async () => {
    const web = await webChat(running, 'de-DE');
    try {
      assert.deepEqual((await web.say('wo bleibt mein paket? bestellung 100234', 1)).map((a) => a.text), ['Zur Sicherheit: die E-Mail-Adresse oder Postleitzahl dieser Bestellung?']);
      const [wrong, again] = await web.say('31-018', 2);
      assert.match(wrong?.text ?? '', /^Zu diesen Angaben passt keine Bestellung/);
      assert.match(again?.text ?? '', /^Um welche Bestellung geht es\?/);
      await web.say('100234', 1);
      const [delivered] = await web.say('31-019', 1);
      assert.equal(delivered?.text, 'Die Bestellung 100234 wurde am Di., 10. Nov. zugestellt.\nNicht angekommen? Schreiben Sie „Mitarbeiter“, dann sieht sich ein Kollege das an.');
      assert.equal(web.unread(), 0);
      await web.say('wo ist meine bestellung 999999', 1);
      await web.say('12345', 2);
      await web.say('999999', 1);
      await web.say('12345', 2);
      await web.say('999999', 1);
      const [gaveUp] = await web.say('12345', 1);
      assert.match(gaveUp?.text ?? '', /^Ich finde die Bestellung weiterhin nicht\. Ein Kollege kann sich das ansehen: /);
    } finally {
      web.end();
    }
  });
});
