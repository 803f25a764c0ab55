import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { escape } from 'html-escaper';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { templates } from '../../dialogs/locales';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { directLineClient, generateToken } from '../support/directLineClient';
import { serverUnderTest } from '../support/server';
import { storeFactories } from '../support/stores';

const TOKEN = '123456:test-token';
const SECRET = 'webhook-secret-123';
// Sunday 22 November 2026, 10:00 in Berlin: "tomorrow at 10" is a Monday with the stores open.
const clock = () => new Date('2026-11-22T09:00:00Z');
telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };
const { booking } = templates.en;

type Running = Awaited<ReturnType<typeof serverUnderTest>>;
type Fake = Awaited<ReturnType<typeof startFakeTelegramApi>>;

/** One web chat conversation through the Direct Line endpoint: `say` resolves with the replies that text brought. */
async function webChat(running: Running) {
  const { token } = await generateToken(running.baseUrl, 'en-US');
  const client = directLineClient(running.baseUrl, token, { webSocket: false });
  let seen = (await client.botReplies(1)).length;
  return {
    async say(text: string, replies: number): Promise<string[]> {
      await client.say(text);
      const all = await client.botReplies(seen + replies);
      const fresh = all.slice(seen, seen + replies);
      seen += replies;
      return fresh.map((a: Partial<Activity>) => a.text ?? '');
    },
    end: () => client.end(),
  };
}

/** One Telegram private chat through the webhook; replies are read from the fake Bot API, HTML-escaped as sent. */
function telegramChat(running: Running, fake: Fake, chatId: number) {
  let updateId = chatId * 1000;
  return async (text: string, replies: number): Promise<string[]> => {
    const before = fake.sent().length;
    updateId += 1;
    const update = { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Anna', language_code: 'en' }, text } };
    const res = await fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
    assert.equal(res.status, 200);
    const sent = await fake.waitForSent(before + replies);
    return sent.slice(before, before + replies).map((c) => String(c.payload.text ?? ''));
  };
}

/** Each test books its own hour, so one that fails leaves no slot taken for the next. */
async function bookInWebChat(web: Awaited<ReturnType<typeof webChat>>, hour: number): Promise<string> {
  assert.deepEqual(await web.say(`can i book a consultation in krakow tomorrow at ${hour}`, 1), [booking.askName]);
  assert.deepEqual(await web.say('Anna Nowak', 1), [booking.askContact]);
  const [, confirm] = await web.say('Anna.Nowak@example.com', 2);
  assert.equal(confirm, booking.confirm);
  const [booked] = await web.say('yes', 1);
  const code = /code is ([A-HJ-NP-Z2-9]{6})/.exec(booked ?? '')?.[1];
  assert.ok(code, booked);
  return code;
}

for (const factory of storeFactories()) {
  describe(`Find a booking from another conversation and channel (${factory.name} store)`, function () {
    this.timeout(60_000);
    let fake: Fake;
    let running: Running;
    before(async () => {
      fake = await startFakeTelegramApi(TOKEN);
      const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' };
      running = await serverUnderTest(env, await factory.open(), [createWebChatChannel, createTelegramChannel], clock);
    });
    after(async () => {
      await running.stop();
      await fake.stop();
    });

    it('booked in web chat, cancelled from Telegram by code and e-mail; the web chat conversation then has none', async () => {
      const web = await webChat(running);
      try {
        const code = await bookInWebChat(web, 10);
        const telegram = telegramChat(running, fake, 501);
        assert.deepEqual(await telegram(`cancel my booking ${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`, 1), [escape(booking.find.askContact)]);
        const [found, what] = await telegram('anna.nowak@EXAMPLE.com', 2);
        assert.ok(found?.startsWith(escape(booking.find.found)) && found.includes(code) && found.includes('Stare Miasto'), found);
        assert.equal(what, escape(booking.manage.what));
        const [sure] = await telegram('cancel the booking', 1);
        assert.ok(sure?.includes(code), sure);
        assert.deepEqual(await telegram('yes', 1), [escape(booking.manage.cancelled.replace('{{code}}', code))]);
        // The same stored booking: the conversation that made it no longer has it.
        assert.deepEqual(await web.say('my bookings', 1), [booking.find.askCode]);
      } finally {
        web.end();
      }
    });

    it('moved from a second web chat conversation: the first one lists the new time under the new code', async () => {
      const first = await webChat(running);
      const second = await webChat(running);
      try {
        const code = await bookInWebChat(first, 14);
        const [found, what] = await second.say(`hi, can i move my appointment? its ${code}, anna.nowak@example.com`, 2);
        assert.ok(found?.startsWith(booking.find.found) && found.includes(code), found);
        assert.equal(what, booking.manage.what);
        assert.deepEqual(await second.say('move it', 1), [booking.askTime]);
        const [, confirm] = await second.say('tomorrow at 16', 2);
        assert.equal(confirm, booking.confirm);
        const [booked, moved] = await second.say('yes', 2);
        const newCode = /code is ([A-HJ-NP-Z2-9]{6})/.exec(booked ?? '')?.[1] ?? '';
        assert.ok(newCode && newCode !== code, booked);
        assert.equal(moved, booking.manage.moved.replace('{{code}}', code));
        const [list] = await first.say('my bookings', 2);
        assert.ok(list?.startsWith(booking.manage.intro) && list.includes(newCode) && list.includes('4:00 PM') && !list.includes(code), list);
        // Moved, not copied: the finder's own conversation has no booking of its own.
        assert.deepEqual(await second.say('my bookings', 1), [booking.find.askCode]);
      } finally {
        first.end();
        second.end();
      }
    });
  });
}
