import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { templates } from '../../dialogs/locales';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { directLineClient, generateToken } from '../support/directLineClient';
import { ANNA_TOKEN, BEN_TOKEN, eventually, INBOX_ENV, inboxClient } from '../support/inbox';
import { serverUnderTest } from '../support/server';

telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => vars[name] ?? '');
const OUT_OF_HOURS = { ...INBOX_ENV, BUSINESS_HOURS: 'Mon-Fri 09:00-18:00' };
/** A Sunday noon in Berlin, moving with real time. */
const sundayNoon = () => {
  const started = Date.now();
  return () => new Date(Date.parse('2026-11-29T11:00:00Z') + (Date.now() - started));
};

/** A Telegram chat against the fake Bot API: what the customer sends and what reaches the chat. */
async function telegramCustomer(env: Record<string, string>, clock?: () => Date) {
  const token = '123456:test-token';
  const fake = await startFakeTelegramApi(token);
  const running = await serverUnderTest({ ...env, TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-123', TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' }, new MemoryStore(), [createTelegramChannel], clock);
  let updateId = 5000;
  const send = async (text: string, languageCode: string) => {
    updateId += 1;
    const res = await fetch(`${running.baseUrl}/api/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'webhook-secret-123' },
      body: JSON.stringify({ update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: 88, type: 'private' }, from: { id: 88, is_bot: false, first_name: 'Jan', language_code: languageCode }, text } }),
    });
    assert.equal(res.status, 200);
  };
  const texts = () => fake.sent().map((c) => String(c.payload.text ?? ''));
  return { fake, running, send, texts, stop: async () => { await running.stop(); await fake.stop(); } };
}

describe('A person joins the conversation: the customer sees who, and can be reached after hours', function () {
  this.timeout(40_000);

  it('web chat (Direct Line): claim tells the customer "Anna … joined"; her reply comes from her own account, not the bot\'s', async () => {
    const running = await serverUnderTest(INBOX_ENV, new MemoryStore(), [createWebChatChannel]);
    const { token } = await generateToken(running.baseUrl, 'en-US');
    const customer = directLineClient(running.baseUrl, token, { webSocket: false });
    const en = templates.en.handover;
    const botSaid = (text: string) => eventually(() => customer.fromBot().find((a) => a.text === text), `the bot saying "${text}"`);
    try {
      await customer.say('agent');
      await botSaid(en.askSummary);
      await customer.say('the zip on my jacket broke after a week');
      const queued = await eventually(() => customer.fromBot().find((a) => /number 1 in line/.test(a.text ?? '')), 'the queue position');
      const anna = inboxClient(running.baseUrl, ANNA_TOKEN);
      const listed = await anna.waitFor((c) => c.summary === 'the zip on my jacket broke after a week');

      const claimed = await anna.claim(listed.id);
      assert.equal(claimed.status, 200);
      assert.deepEqual(((await claimed.json()) as { joinNotice?: unknown }).joinNotice, { delivered: true });
      const joined = await botSaid(fill(en.agentJoined, { name: 'Anna' }));
      assert.equal(joined.from?.id, queued.from?.id, 'the notice is the bot speaking');
      const again = await anna.claim(listed.id);
      assert.equal(again.status, 200, 'the holder may claim again (a double click)');
      assert.equal(((await again.json()) as { joinNotice?: unknown }).joinNotice, undefined, 'but the customer is told once');
      assert.equal((await inboxClient(running.baseUrl, BEN_TOKEN).claim(listed.id)).status, 409);

      const typed = 'Sorry about that! Send me a *photo* of the <zip>, please.';
      assert.equal((await anna.reply(listed.id, typed)).status, 201);
      const reply: Partial<Activity> = await botSaid(typed);
      assert.equal(reply.from?.name, 'Anna');
      assert.equal(reply.from?.role, 'bot');
      assert.ok(reply.from?.id && reply.from.id !== queued.from?.id, `a sender of her own: ${reply.from?.id ?? ''} vs the bot's ${queued.from?.id ?? ''}`);
      assert.equal(reply.textFormat, 'plain', 'shown as typed, not as Markdown');
      await anna.reply(listed.id, 'Thanks!');
      assert.equal((await botSaid('Thanks!')).from?.id, reply.from.id, 'every message of hers from the same account');
      assert.equal(customer.fromBot().filter((a) => a.text === fill(en.agentJoined, { name: 'Anna' })).length, 1, 'one join notice, the repeated claim came before these replies');
    } finally {
      customer.end();
      await running.stop();
    }
  });

  it('Telegram (fake Bot API, German): the join notice in German, the reply with the name line', async () => {
    const chat = await telegramCustomer(INBOX_ENV);
    const de = templates.de.handover;
    try {
      await chat.send('ich moechte mit einem mitarbeiter sprechen', 'de');
      await chat.fake.waitForSent(1);
      assert.equal(chat.texts()[0], de.askSummary);
      await chat.send('meine rechnung stimmt nicht', 'de');
      await chat.fake.waitForSent(2);
      const anna = inboxClient(chat.running.baseUrl, ANNA_TOKEN);
      const listed = await anna.waitFor((c) => c.summary === 'meine rechnung stimmt nicht');
      assert.equal((await anna.claim(listed.id)).status, 200);
      await chat.fake.waitForSent(3);
      assert.equal(chat.texts()[2], fill(de.agentJoined, { name: 'Anna' }));
      assert.equal((await anna.reply(listed.id, 'Guten Tag, ich sehe mir die Rechnung <R-17> an.')).status, 201);
      await chat.fake.waitForSent(4);
      assert.equal(chat.texts()[3], 'Anna:\nGuten Tag, ich sehe mir die Rechnung &lt;R-17&gt; an.', 'one bot identity: a name line, the text escaped for HTML mode');
    } finally {
      await chat.stop();
    }
  });

  it('out of hours on web chat the customer is asked how to reach them; the e-mail they give is on the ticket in the inbox API', async () => {
    const running = await serverUnderTest(OUT_OF_HOURS, new MemoryStore(), [createWebChatChannel], sundayNoon());
    const { token } = await generateToken(running.baseUrl, 'pl-PL');
    const customer = directLineClient(running.baseUrl, token, { webSocket: false });
    const pl = templates.pl.handover;
    const botSaid = (text: string) => eventually(() => customer.fromBot().find((a) => a.text === text), `the bot saying "${text}"`);
    try {
      await customer.say('chce rozmawiac z konsultantem', 'pl-PL');
      await botSaid(pl.awayOffer);
      await customer.say(pl.leaveMessage, 'pl-PL');
      await botSaid(pl.askMessage);
      await customer.say('zamowienie 100234 przyszlo uszkodzone, prosze o zwrot', 'pl-PL');
      const asked = await botSaid(pl.askContact);
      assert.deepEqual(asked.suggestedActions?.actions.map((a) => a.title), [pl.noThanks], 'skippable');
      await customer.say('ola.nowak@example.pl dzieki', 'pl-PL');
      await botSaid(fill(pl.messageLeftContact, { contact: 'ola.nowak@example.pl' }));

      const anna = inboxClient(running.baseUrl, ANNA_TOKEN);
      const listed = await anna.waitFor((c) => c.summary === 'zamowienie 100234 przyszlo uszkodzone, prosze o zwrot');
      assert.deepEqual(listed.contact, { kind: 'email', value: 'ola.nowak@example.pl' });
      assert.equal(listed.leftMessage, true);
      assert.deepEqual((await anna.get(listed.id)).contact, { kind: 'email', value: 'ola.nowak@example.pl' });
    } finally {
      customer.end();
      await running.stop();
    }
  });

  it('out of hours on Telegram (the bot can write there later) the message is left without the contact question', async () => {
    const chat = await telegramCustomer(OUT_OF_HOURS, sundayNoon());
    const en = templates.en.handover;
    try {
      await chat.send('i want to talk to a person', 'en');
      await chat.fake.waitForSent(2);
      assert.equal(chat.texts()[1], en.awayOffer);
      await chat.send(en.leaveMessage, 'en');
      await chat.fake.waitForSent(3);
      assert.equal(chat.texts()[2], en.askMessage);
      await chat.send('my parcel 100234 never came, please check', 'en');
      await chat.fake.waitForSent(4);
      assert.equal(chat.texts()[3], en.messageLeft);
      const listed = await inboxClient(chat.running.baseUrl, ANNA_TOKEN).waitFor((c) => c.summary === 'my parcel 100234 never came, please check');
      assert.equal(listed.contact, null);
      assert.equal(chat.texts().filter((text) => text === en.askContact).length, 0);
    } finally {
      await chat.stop();
    }
  });
});
