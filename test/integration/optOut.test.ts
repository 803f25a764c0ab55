import assert from 'node:assert/strict';
import type { ParsedMail } from 'mailparser';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createEmailChannel } from '../../channels/email';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { startImapServer } from '../fakes/imapServer';
import { startSmtpRelay } from '../fakes/smtpRelay';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { EVENTS_SECRET, postShopEvent, webChatTexts } from '../support/shopEventsClient';
import { composeMail, emailEnv, MAILBOX_PASSWORD, replyTo, SHOP_ADDRESS } from '../support/mailCustomer';
import { serverUnderTest } from '../support/server';

const TELEGRAM_TOKEN = '123456:test-token';
const TELEGRAM_SECRET = 'webhook-secret-123';
telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };
// Quiet hours off: these tests run at whatever time CI does (shopEvents.test.ts moves a clock for them).
const BASE_ENV = { EVENTS_SECRET, QUIET_HOURS: 'off' };

type Running = Awaited<ReturnType<typeof serverUnderTest>>;
const unixNow = () => Math.floor(Date.now() / 1000);

async function postEvent(running: Running, body: unknown): Promise<Record<string, unknown>> {
  const answer = await postShopEvent(running.baseUrl, body);
  assert.equal(answer.status, 202);
  return answer.body;
}

let seq = 0;
const inStock = (orderNumber: string, product: string) => ({ id: `stock-${(seq += 1)}`, type: 'back_in_stock', customer: { orderNumber }, data: { product } });
const shipped = (orderNumber: string) => ({ id: `ship-${(seq += 1)}`, type: 'order_shipped', customer: { orderNumber }, data: { orderNumber } });

const webChat = (running: Running, locale: string) => webChatTexts(running.baseUrl, locale);

describe('Opting out of the messages the bot sends first', function () {
  this.timeout(60_000);

  it('web chat, english: an offer says how to stop it; a bare "stop" after it stops offers only, order news still comes; "subscribe again" brings offers back', async () => {
    const running = await serverUnderTest(BASE_ENV, new MemoryStore(), [createWebChatChannel]);
    const web = await webChat(running, 'en-US');
    try {
      await web.say('i want to return the boots from order 100234', 1);
      await web.say('31-019', 2);
      await web.say('cancel', 1);
      assert.deepEqual(await postEvent(running, inStock('100234', 'The rain jacket in size L')), { delivered: true });
      assert.deepEqual(await web.next(), ['Hello!\nThe rain jacket in size L is back in stock.\n\n(Reply "stop" if you\'d rather not get messages like this.)']);
      assert.deepEqual(await web.say('stop', 1), ['OK, I won\'t send you offers or stock alerts any more. You can still write to me any time, and "subscribe" turns them back on.']);
      assert.deepEqual(await postEvent(running, inStock('100234', 'Wool socks')), { delivered: false, reason: 'opted_out' });
      assert.deepEqual(await postEvent(running, shipped('100234')), { delivered: true });
      assert.deepEqual(await web.next(), ['Hello!\nGood news: your order 100234 has shipped.']);
      // Now the last message was order news: "no more order updates" says which, and a bare "stop" stops those.
      assert.match((await web.say('subscribe again please', 1))[0] ?? '', /^Done, you'll get my messages again\.$/);
      assert.deepEqual(await postEvent(running, inStock('100234', 'Wool socks')), { delivered: true });
      await web.next();
      assert.equal(web.unread(), 0);
    } finally {
      web.end();
      await running.stop();
    }
  });

  it('web chat: "stop" with nothing sent unasked is still "nothing to cancel"; in the middle of a question "unsubscribe" is answered and the question stands', async () => {
    const running = await serverUnderTest(BASE_ENV, new MemoryStore(), [createWebChatChannel]);
    const web = await webChat(running, 'en-US');
    try {
      const [nothing] = await web.say('stop', 1);
      assert.doesNotMatch(nothing ?? '', /won't send/);
      await web.say('i want to return something from order 100234', 1);
      const [answer, again] = await web.say('unsubscribe me from everything', 2);
      assert.equal(answer, 'OK, I won\'t write to you first any more. You can still write to me any time, and "subscribe" turns them back on.');
      assert.equal(again, 'And the e-mail address or postcode of that order?');
      await web.say('anna.nowak@example.com', 2);
      assert.deepEqual(await postEvent(running, shipped('100234')), { delivered: false, reason: 'opted_out' });
    } finally {
      web.end();
      await running.stop();
    }
  });

  it('telegram, german and polish: "keine angebote mehr bitte" stops offers; the weekly cap holds back the third offer in a week', async () => {
    const fake = await startFakeTelegramApi(TELEGRAM_TOKEN);
    const env = { ...BASE_ENV, MARKETING_PER_WEEK: '2', TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' };
    const running = await serverUnderTest(env, new MemoryStore(), [createTelegramChannel]);
    let updateId = 900;
    const say = async (chat: number, language: string, text: string, replies: number) => {
      const before = fake.sent().length;
      updateId += 1;
      const update = { update_id: updateId, message: { message_id: updateId, date: unixNow(), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Kunde', language_code: language }, text } };
      const res = await fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(update) });
      assert.equal(res.status, 200);
      return (await fake.waitForSent(before + replies)).slice(before).map((call) => String(call.payload.text));
    };
    try {
      await say(31, 'de', 'ich moechte was zurueckschicken, bestellung 100377', 1);
      await say(31, 'de', '10117', 1);
      assert.deepEqual(await postEvent(running, inStock('100377', 'Das Zwei-Personen-Zelt')), { delivered: true });
      assert.match(String(fake.sent().at(-1)?.payload.text), /ist wieder vorrätig\.\n\n\(Antworten Sie „stopp“, wenn Sie solche Nachrichten nicht mehr möchten\.\)$/);
      assert.deepEqual(await say(31, 'de', 'keine angebote mehr bitte', 1), ['In Ordnung, ich schicke Ihnen keine Angebote und Verfügbarkeitshinweise mehr. Sie können mir jederzeit schreiben, und „wieder anmelden“ schaltet sie wieder ein.']);
      assert.deepEqual(await postEvent(running, inStock('100377', 'Das Zelt')), { delivered: false, reason: 'opted_out' });

      await say(32, 'pl', 'chce zwrocic zamowienie 100412', 1);
      await say(32, 'pl', 'jan.kowalski@example.pl', 1);
      assert.deepEqual(await postEvent(running, inStock('100412', 'Namiot')), { delivered: true });
      assert.deepEqual(await postEvent(running, inStock('100412', 'Kurtka')), { delivered: true });
      assert.deepEqual(await postEvent(running, inStock('100412', 'Buty')), { delivered: false, reason: 'weekly_cap' });
      assert.deepEqual(await postEvent(running, shipped('100412')), { delivered: true }, 'order news is not marketing');
      const [wypisany] = await say(32, 'pl', 'wypisz mnie z powiadomien o zamowieniach', 1);
      assert.equal(wypisany, 'Dobrze, nie będę już wysyłać informacji o zamówieniach. Nadal można do mnie pisać w każdej chwili, a „zapisz mnie” włącza je ponownie.');
      assert.deepEqual(await postEvent(running, shipped('100412')), { delivered: false, reason: 'opted_out' });
      // Asking for news about an order in so many words lifts the opt-out of order news.
      const [status, promise] = await say(32, 'pl', 'daj znac jak 100588 zostanie wyslane, kod 80331', 2);
      assert.match(String(status), /^Zamówienie 100588 jest w przygotowaniu/);
      assert.equal(promise, 'Dobrze, napiszę tutaj, gdy tylko zostanie wysłane.');
      assert.deepEqual(await postEvent(running, shipped('100588')), { delivered: true });
    } finally {
      await running.stop();
      await fake.stop();
    }
  });

  it('e-mail (dovecot + SMTP relay): an offer carries List-Unsubscribe and List-Unsubscribe-Post; the link shows a page without unsubscribing, the one-click POST unsubscribes', async () => {
    const imap = await startImapServer({ [SHOP_ADDRESS]: MAILBOX_PASSWORD });
    const relay = await startSmtpRelay(SHOP_ADDRESS, MAILBOX_PASSWORD);
    const running = await serverUnderTest({ ...BASE_ENV, ...emailEnv(imap, relay), PUBLIC_URL: 'https://bot.example' }, new MemoryStore(), [createEmailChannel]);
    const customer = 'Anna Nowak <anna.nowak@example.com>';
    try {
      await imap.deliver(SHOP_ADDRESS, await composeMail({ from: customer, to: SHOP_ADDRESS, subject: 'Return', text: 'hello, i would like to return the hiking boots from order 100234' }));
      const [askProof] = await relay.waitFor(1);
      await imap.deliver(SHOP_ADDRESS, await replyTo(askProof as ParsedMail, customer, 'anna.nowak@example.com'));
      const count = (await relay.waitFor(2)).length;
      assert.deepEqual(await postEvent(running, shipped('100234')), { delivered: true });
      const orderNews = (await relay.waitFor(count + 1))[count];
      assert.match(orderNews?.text ?? '', /your order 100234 has shipped/);
      assert.equal(orderNews?.headerLines.some((line) => line.key.startsWith('list-')), false, 'order news is not a mailing');
      assert.deepEqual(await postEvent(running, inStock('100234', 'The rain jacket in size L')), { delivered: true });
      const offer = (await relay.waitFor(count + 2))[count + 1];
      // The header lines as sent: mailparser folds List-* headers into one object of its own.
      const headerLine = (name: string) => offer?.headerLines.find((line) => line.key === name)?.line;
      const header = headerLine('list-unsubscribe') ?? '';
      const link = /^List-Unsubscribe: <(https:\/\/bot\.example\/api\/unsubscribe\?token=[\w.-]+)>$/.exec(header.replace(/\r?\n\s+/g, ' '))?.[1];
      assert.ok(link, header);
      assert.equal(headerLine('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      assert.ok(offer?.text?.includes(`Unsubscribe: ${link}`), JSON.stringify(offer?.text));
      const local = link.replace('https://bot.example', running.baseUrl);
      // A person (or a mail scanner) following the link gets a page with a button, and stays subscribed.
      const shown = await fetch(local);
      assert.equal(shown.status, 200);
      assert.match(await shown.text(), /Stop getting offers and stock alerts from Demo Shop\?[\s\S]*<button type="submit">Unsubscribe<\/button>/);
      assert.deepEqual(await postEvent(running, inStock('100234', 'Wool socks')), { delivered: true });
      const oneClick = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      assert.equal(oneClick.status, 200);
      assert.match(await oneClick.text(), /no more offers and stock alerts from Demo Shop/);
      assert.deepEqual(await postEvent(running, inStock('100234', 'Tent')), { delivered: false, reason: 'opted_out' });
      assert.deepEqual(await postEvent(running, shipped('100234')), { delivered: true }, 'unsubscribing from offers keeps order news');
      // A token changed by one character is refused.
      const forged = await fetch(`${local.slice(0, -2)}${local.endsWith('A') ? 'B' : 'A'}${local.slice(-1)}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(forged.status, 400);
    } finally {
      await running.stop();
      await relay.stop();
      await imap.stop();
    }
  });

  it('e-mail: an event naming the address a customer wrote from reaches them by mail; the same address typed into web chat does not', async () => {
    const imap = await startImapServer({ [SHOP_ADDRESS]: MAILBOX_PASSWORD });
    const relay = await startSmtpRelay(SHOP_ADDRESS, MAILBOX_PASSWORD);
    const running = await serverUnderTest({ ...BASE_ENV, ...emailEnv(imap, relay), PUBLIC_URL: 'https://bot.example' }, new MemoryStore(), [createEmailChannel, createWebChatChannel]);
    const web = await webChat(running, 'en-US');
    try {
      // Someone on the web chat types Olga's address: that proves nothing.
      await web.say('i want to return something from order 100234', 1);
      await web.say('olga@example.com', 2);
      const stock = (id: string) => ({ id, type: 'back_in_stock', customer: { email: 'Olga@Example.com', name: 'Olga' }, data: { product: 'The kettle' } });
      assert.deepEqual(await postEvent(running, stock('mail-0')), { delivered: false, reason: 'unknown_customer' });
      await imap.deliver(SHOP_ADDRESS, await composeMail({ from: 'Olga Kowalska <olga@example.com>', to: SHOP_ADDRESS, subject: 'Kettles', text: 'hi, do you ship to austria?' }));
      const count = (await relay.waitFor(1)).length;
      assert.deepEqual(await postEvent(running, stock('mail-1')), { delivered: true });
      const mail = (await relay.waitFor(count + 1))[count];
      assert.equal(mail?.to && 'value' in mail.to ? mail.to.value[0]?.address : undefined, 'olga@example.com');
      assert.match(mail?.text ?? '', /^Hello Olga!\nThe kettle is back in stock\./);
      assert.equal(mail?.subject, 'Re: Kettles');
      assert.equal(web.unread(), 0, 'the web chat got it');
    } finally {
      web.end();
      await running.stop();
      await relay.stop();
      await imap.stop();
    }
  });
});
