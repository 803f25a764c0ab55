import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { directLineClient, generateToken } from '../support/directLineClient';
import { advanceWithRealTime, manualClock, type ManualClock } from '../support/manualClock';
import { serverUnderTest } from '../support/server';
import { storeFactories } from '../support/stores';

const TOKEN = '123456:test-token';
const SECRET = 'webhook-secret-123';
// Sunday 22 November 2026, 10:00 in Berlin. "tuesday at 11" is then 24 Nov, 10:00 UTC: its 24-hour
// reminder is due on Monday at 10:00 UTC and its 2-hour one on Tuesday at 08:00 UTC.
const START = Date.parse('2026-11-22T09:00:00Z');
const MONDAY_REMINDER = Date.parse('2026-11-23T10:00:00Z');
const TUESDAY_REMINDER = Date.parse('2026-11-24T08:00:00Z');
telegramTuning.sendQueue = { attempts: 4, firstDelayMs: 10 };

type Running = Awaited<ReturnType<typeof serverUnderTest>>;
type Fake = Awaited<ReturnType<typeof startFakeTelegramApi>>;


const advanceTo = (clock: ManualClock, at: number) => advanceWithRealTime(clock, at);

function start(env: Record<string, string>, storage: Running['storage'], clock: ManualClock) {
  return serverUnderTest(env, storage, [createWebChatChannel, createTelegramChannel], () => new Date(clock.now()), undefined, {}, {
    scheduler: { clock, pollIntervalMs: 30 * 60_000 },
  });
}

/** One web chat conversation through Direct Line; `say` resolves with the bot's replies to it, `next` with messages the bot sends unasked. */
async function webChat(running: Running, locale: string) {
  const { token } = await generateToken(running.baseUrl, locale);
  const client = directLineClient(running.baseUrl, token, { webSocket: false });
  let seen = (await client.botReplies(1)).length;
  const take = async (count: number) => {
    const fresh = (await client.botReplies(seen + count)).slice(seen, seen + count);
    seen += count;
    return fresh;
  };
  return {
    async say(text: string, replies: number): Promise<string[]> {
      await client.say(text, locale);
      return (await take(replies)).map(shown);
    },
    next: (count = 1): Promise<Partial<Activity>[]> => take(count),
    /** Bot messages beyond those taken so far. */
    unread: () => client.fromBot().length - seen,
    end: () => client.end(),
  };
}

/** What a message shows: its text, or a card's title and text. */
const shown = (activity: Partial<Activity>) =>
  activity.text ?? (activity.attachments ?? []).map((a) => { const card = a.content as { title?: string; text?: string }; return [card.title, card.text].join('\n'); }).join('\n');
const buttons = (activity: Partial<Activity> | undefined) => (activity?.suggestedActions?.actions ?? []).map((action) => action.title);
const codeIn = (text: string | undefined) => /\b([A-HJ-NP-Z2-9]{6})\b/.exec(text ?? '')?.[1];

for (const factory of storeFactories().filter((f) => f.name !== 'cosmos')) {
  describe(`Booking reminders in the customer's channel and language (${factory.name} store)`, function () {
    this.timeout(90_000);
    let fake: Fake;
    let running: Running;
    let clock: ManualClock;
    const env = () => ({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' });
    beforeEach(async () => {
      fake = await startFakeTelegramApi(TOKEN);
      clock = manualClock(START);
      running = await start(env(), await factory.open(), clock);
    });
    afterEach(async () => {
      await running.stop();
      await fake.stop();
    });

    it('web chat, english: the reminder the day before has the details and three buttons; "cant make it, wednesday at 3pm?" moves it', async () => {
      const web = await webChat(running, 'en-US');
      try {
        assert.deepEqual((await web.say('hi, consultation in krakow on tuesday at 11 please', 1)).length, 1);
        await web.say('anna nowak', 1);
        await web.say('anna.nowak@example.com', 2);
        const [booked] = await web.say('yes', 1);
        const code = codeIn(booked);
        assert.ok(code, booked);
        await advanceTo(clock, MONDAY_REMINDER - 60_000);
        assert.equal(web.unread(), 0, 'a reminder came early');
        await advanceTo(clock, MONDAY_REMINDER);
        const [reminder] = await web.next();
        assert.match(reminder?.text ?? '', new RegExp(`Reminder: your Consultation \\(30 min\\) is on Tue, Nov 24, 2026, 11:00 AM at Kraków Stare Miasto, .*\\(booking ${code}\\)`));
        assert.deepEqual(buttons(reminder), ['Keep it', 'Move it', 'Cancel it']);
        // The new time in the same message as the wish to move is read, not asked for again.
        const summary = await web.say("cant make it tbh, could we do wednesday at 3pm instead?", 2);
        // The card's text comes markdown-escaped to Web Chat.
        assert.match(summary.join('\n').replace(/\\/g, ''), /Wed, Nov 25, 2026, 3:00 PM/);
        const [moved] = await web.say('yes thats fine', 1);
        assert.match(moved ?? '', /Booked! Your booking code is [A-Z2-9]{6}\. See you on Wed, Nov 25, 2026, 3:00 PM/);
        const newCode = codeIn(moved);
        await web.next();
        assert.equal((await running.app.scheduler.get(`reminder/${code}/2h`))?.status, 'cancelled');
        assert.equal((await running.app.scheduler.get(`reminder/${newCode}/24h`))?.status, 'scheduled');
        // Past the old booking's 2-hour reminder: nothing for it; the new one's comes on Tuesday at 14:00 UTC.
        await advanceTo(clock, Date.parse('2026-11-24T14:00:00Z'));
        const [again] = await web.next();
        assert.ok(again?.text?.includes(`booking ${newCode}`), again?.text);
        assert.equal(web.unread(), 0);
        assert.deepEqual(await web.say('thanks!', 1), ['Great, see you on Wed, Nov 25, 2026, 3:00 PM!']);
      } finally {
        web.end();
      }
    });

    it('telegram, german: "bitte absagen" at the reminder cancels after a yes, and the 2-hour reminder never comes', async () => {
      let updateId = 7000;
      const say = async (text: string, replies: number) => {
        const before = fake.sent().length;
        updateId += 1;
        const update = { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'Jonas', language_code: 'de' }, text } };
        const res = await fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
        assert.equal(res.status, 200);
        return (await fake.waitForSent(before + replies)).slice(before);
      };
      await say('hallo, ich moechte eine beratung in krakau am dienstag um 11 uhr', 1);
      await say('jonas weber', 1);
      await say('jonas@example.de', 2);
      const [booked] = await say('ja bitte', 1);
      const code = codeIn(String(booked?.payload.text));
      assert.ok(code, String(booked?.payload.text));
      const before = fake.sent().length;
      await advanceTo(clock, MONDAY_REMINDER);
      const [reminder] = (await fake.waitForSent(before + 1)).slice(before);
      assert.match(String(reminder?.payload.text), new RegExp(`^Erinnerung: Ihr Termin \\(Beratung \\(30 Min\\.\\)\\) ist am Di\\., 24\\. Nov\\. 2026, 11:00 .*Buchung ${code}`));
      const keyboard = (reminder?.payload.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard?.flat().map((k) => k.text);
      assert.deepEqual(keyboard, ['Bleibt dabei', 'Verschieben', 'Absagen']);
      const [sure] = await say('bitte absagen', 1);
      assert.match(String(sure?.payload.text), new RegExp(`Termin ${code} am .* absagen\\?`));
      const [cancelled] = await say('ja', 1);
      assert.equal(cancelled?.payload.text, `Der Termin ${code} ist abgesagt.`);
      const quiet = fake.sent().length;
      await advanceTo(clock, TUESDAY_REMINDER + 60 * 60_000);
      assert.equal(fake.sent().length, quiet, 'a reminder came for a cancelled booking');
      assert.equal((await running.app.scheduler.get(`reminder/${code}/2h`))?.status, 'cancelled');
    });

    it('web chat, polish: "dzieki, bede" keeps it; a booking cancelled before its reminder is never reminded of', async () => {
      const web = await webChat(running, 'pl-PL');
      try {
        await web.say('dzien dobry, chce umowic konsultacje w krakowie we wtorek o 11', 1);
        await web.say('ola kowalska', 1);
        await web.say('ola@example.pl', 2);
        const code = codeIn((await web.say('tak', 1))[0]);
        assert.ok(code);
        await advanceTo(clock, MONDAY_REMINDER);
        const [reminder] = await web.next();
        assert.match(reminder?.text ?? '', new RegExp(`^Przypomnienie: wizyta \\(Konsultacja \\(30 min\\)\\) wt\\., 24 lis 2026, 11:00.*rezerwacja ${code}`));
        assert.deepEqual(buttons(reminder), ['Zostaw', 'Przełóż', 'Odwołaj']);
        assert.deepEqual(await web.say('dzieki, bede', 1), ['Świetnie, do zobaczenia: wt., 24 lis 2026, 11:00!']);
        // Cancelled the usual way before the 2-hour reminder: it is withdrawn.
        const [, what] = await web.say('chce odwolac moja wizyte', 2);
        assert.ok(what);
        await web.say('odwolaj', 1);
        await web.say('tak', 1);
        await advanceTo(clock, TUESDAY_REMINDER + 60 * 60_000);
        assert.equal(web.unread(), 0, 'a reminder came for a cancelled booking');
      } finally {
        web.end();
      }
    });

    it('a customer in the middle of something is not cut off: the reminder waits until they have left it for ten minutes', async () => {
      const web = await webChat(running, 'en-US');
      try {
        await web.say('consultation in krakow tuesday at 11 pls', 1);
        await web.say('Anna Nowak', 1);
        await web.say('anna@example.com', 2);
        const code = codeIn((await web.say('yes', 1))[0]);
        await advanceTo(clock, MONDAY_REMINDER - 5 * 60_000);
        await web.say('i want to return something', 1);
        await advanceTo(clock, MONDAY_REMINDER + 9 * 60_000);
        assert.equal(web.unread(), 0, 'the reminder cut into the return');
        const waiting = await running.app.scheduler.get(`reminder/${code}/24h`);
        assert.deepEqual([waiting?.status, waiting?.outcome], ['scheduled', 'customer_busy']);
        await advanceTo(clock, MONDAY_REMINDER + 11 * 60_000);
        const [reminder] = await web.next();
        assert.ok(reminder?.text?.startsWith('Reminder:') && reminder.text.includes(code ?? '?'), reminder?.text);
        // "cancel" alone at this question is its button, not "stop what we are doing".
        const [sure] = await web.say('cancel', 1);
        assert.match(sure ?? '', new RegExp(`^Cancel booking ${code} on Tue, Nov 24, 2026, 11:00 AM\\?$`));
        assert.deepEqual(await web.say('yes please', 1), [`Booking ${code} is cancelled.`]);
      } finally {
        web.end();
      }
    });
  });
}
