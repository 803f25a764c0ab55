import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { MemoryStore } from '../../bots/state/memoryStore';
import { StateProperty, TurnStateManager } from '../../bots/state/turnState';
import { StoredBookingService } from '../../dialogs/booking/bookingService';
import { FIND_BOOKING_DIALOG, FindBookingDialog, LOOKUP_WINDOW_MS, MAX_FAILED_LOOKUPS, type FindBookingOptions } from '../../dialogs/booking/findBookingDialog';
import { templates } from '../../dialogs/locales';
import { botUnderTest } from '../support/bot';

const ZONE = 'Europe/Berlin';
// Sunday 22 November 2026, 10:00 in Berlin: Monday's stores are open.
const clock = () => new Date('2026-11-22T09:00:00Z');
const say = (text: string, locale = 'en'): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const textOf = (r: Partial<Activity>) => r.text ?? '';
const actionsOf = (r: Partial<Activity>) => (r.suggestedActions?.actions ?? []).map((a) => String(a.title));
const { find, manage } = templates.en.booking;
/** The web chat customer of every TestAdapter conversation (channel "webchat", user "user1"). */
const WEB_CUSTOMER = 'webchat/users/user1';

/** A booking made earlier by someone else (another tab, another channel), with a code the test knows. */
async function seed(storage: MemoryStore, code: string, contact: string, customerKey = 'webchat/users/earlier-tab') {
  const service = new StoredBookingService(storage, ZONE, clock, () => code);
  return service.book({ storeId: 'krakow', serviceId: 'consultation', start: '2026-11-23T10:00', name: 'Anna Nowak', contact, customerKey });
}

describe('Finding a booking made in another conversation', function () {
  this.timeout(30_000);

  it('books in web chat, then finds and cancels it from Telegram; web chat sees it gone', async () => {
    const storage = new MemoryStore();
    const web = botUnderTest({ storage, clock }).adapter;
    const telegram = botUnderTest({ storage, clock, channelId: 'telegram' }).adapter;
    let code = '';
    await web
      .send(say('can i book a consultation in krakow tomorrow at 10')).assertReply(templates.en.booking.askName)
      .send(say('Anna Nowak')).assertReply(templates.en.booking.askContact)
      .send(say('Anna.Nowak@Example.com')).assertReply(() => undefined).assertReply(() => undefined)
      .send(say('yes'))
      .assertReply((r) => {
        code = /code is ([A-Z2-9]{6})/.exec(textOf(r))?.[1] ?? '';
      })
      .startTest();
    assert.ok(code, 'booked with a code');
    await telegram
      .send(say(`cancel my booking ${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`))
      .assertReply(find.askContact)
      .send(say('anna.nowak@example.COM'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(find.found) && textOf(r).includes(code) && textOf(r).includes('Stare Miasto'), textOf(r)))
      .assertReply((r) => assert.equal(textOf(r), manage.what))
      .send(say('cancel the booking'))
      .assertReply((r) => assert.ok(textOf(r).includes(code), textOf(r)))
      .send(say('yes'))
      .assertReply(manage.cancelled.replace('{{code}}', code))
      .startTest();
    await web.send(say('my bookings')).assertReply(find.askCode).startTest();
    assert.equal(await new StoredBookingService(storage, ZONE, clock).find(code), undefined);
  });

  it('moves it from another channel: the new time is the original customer\'s booking', async () => {
    const storage = new MemoryStore();
    await seed(storage, 'K7P3QX', 'anna@example.com', WEB_CUSTOMER);
    const web = botUnderTest({ storage, clock }).adapter;
    const telegram = botUnderTest({ storage, clock, channelId: 'telegram' }).adapter;
    let moved = '';
    await telegram
      .send(say('hi, i booked on my laptop. can i move it? code k7p-3qx, anna@example.com'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(find.found) && textOf(r).includes('K7P3QX'), textOf(r)))
      .assertReply(manage.what)
      .send(say('move it'))
      .assertReply(templates.en.booking.askTime)
      .send(say('tomorrow at 11'))
      .assertReply((r) => assert.equal(r.attachments?.length, 1))
      .assertReply(() => undefined)
      .send(say('yes'))
      .assertReply((r) => {
        moved = /code is ([A-Z2-9]{6})/.exec(textOf(r))?.[1] ?? '';
      })
      .assertReply(manage.moved.replace('{{code}}', 'K7P3QX'))
      .startTest();
    const service = new StoredBookingService(storage, ZONE, clock);
    assert.equal((await service.find(moved))?.customerKey, WEB_CUSTOMER);
    await web
      .send(say('my bookings'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(manage.intro) && textOf(r).includes(moved) && !textOf(r).includes('K7P3QX'), textOf(r)))
      .startTest();
  });

  it('gives the same answer for a wrong code and for a wrong contact', async () => {
    const storage = new MemoryStore();
    await seed(storage, 'K7P3QX', 'anna@example.com');
    const replies: string[] = [];
    const keep = (r: Partial<Activity>) => void replies.push(textOf(r));
    await botUnderTest({ storage, clock, channelId: 'telegram' }).adapter
      .send(say('my booking K7P3QX')).assertReply(find.askContact)
      .send(say('bob@example.com')).assertReply(keep)
      .startTest();
    await botUnderTest({ storage, clock, channelId: 'facebook' }).adapter
      .send(say('my booking K7P3QY')).assertReply(find.askContact)
      .send(say('anna@example.com')).assertReply(keep)
      .startTest();
    assert.deepEqual(replies, [find.notFound, find.notFound]);
  });

  it('de: wrong e-mail first, then the right one; the code is kept', async () => {
    const storage = new MemoryStore();
    await seed(storage, 'K7P3QX', 'anna@example.com');
    const de = templates.de.booking;
    await botUnderTest({ storage, clock, channelId: 'telegram' }).adapter
      .send(say('wann ist mein termin k7p 3qx', 'de')).assertReply(de.find.askContact)
      .send(say('anna@example.org', 'de')).assertReply(de.find.notFound)
      .send(say('ach nein, anna@example.com', 'de'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(de.find.found) && textOf(r).includes('K7P3QX'), textOf(r)))
      .assertReply(de.manage.what)
      .startTest();
  });

  it('pl: no bookings here, so the code is asked for, then the phone number as people write it', async () => {
    const storage = new MemoryStore();
    await seed(storage, 'K7P3QX', '+48601234567');
    const pl = templates.pl.booking;
    await botUnderTest({ storage, clock }).adapter
      .send(say('moje rezerwacje', 'pl')).assertReply(pl.find.askCode)
      .send(say('kod to k7p 3qx', 'pl')).assertReply(pl.find.askContact)
      .send(say('601 234 567', 'pl'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(pl.find.found) && textOf(r).includes('K7P3QX'), textOf(r)))
      .assertReply(pl.manage.what)
      .startTest();
  });

  it('shows an own booking named by its code without asking for the contact', async () => {
    const storage = new MemoryStore();
    await seed(storage, 'K7P3QX', 'anna@example.com', WEB_CUSTOMER);
    await botUnderTest({ storage, clock }).adapter
      .send(say('when is my appointment K7P3QX?'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(manage.intro) && textOf(r).includes('K7P3QX'), textOf(r)))
      .startTest();
  });

  it(`stops after ${MAX_FAILED_LOOKUPS} failed lookups, politely, offering a person; other customers are not affected`, async () => {
    const storage = new MemoryStore();
    await seed(storage, 'K7P3QX', 'anna@example.com');
    let chain = botUnderTest({ storage, clock, channelId: 'telegram' }).adapter
      .send(say('my booking K7P3QX')).assertReply(find.askContact);
    for (let i = 1; i < MAX_FAILED_LOOKUPS; i += 1) chain = chain.send(say(`guess${i}@example.com`)).assertReply(find.notFound);
    await chain
      .send(say('last@example.com'))
      .assertReply((r) => {
        assert.equal(textOf(r), find.tooMany);
        assert.deepEqual(actionsOf(r), [templates.en.menu.person]);
      })
      // Even the right code and contact are not looked up now: a guess would learn nothing either.
      .send(say('my booking K7P3QX anna@example.com'))
      .assertReply(find.tooMany)
      .startTest();
    await botUnderTest({ storage, clock, channelId: 'facebook' }).adapter
      .send(say('my booking K7P3QX anna@example.com'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(find.found), textOf(r)))
      .startTest();
  });

  it('takes a new booking request at the code question as one, with what it names', async () => {
    await botUnderTest({ clock }).adapter
      .send(say('my bookings')).assertReply(find.askCode)
      .send(say('ok then book me a fitting in berlin'))
      .assertReply(templates.en.booking.askTime)
      // A booking of its own on MainDialog's stack: leaving it for a return asks first, as any booking does.
      .send(say('wait, i want to return something first'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(templates.en.topic.switch.split('{{')[0] ?? '∅'), textOf(r)))
      .startTest();
  });

  const unsure = { en: ['show my bookings', 'i dont know', 'hmm no idea', 'no clue'], de: ['meine termine', 'keine ahnung', 'weiss ich nicht', 'hmm'], pl: ['moje wizyty', 'nie wiem', 'nie pamietam', 'hmm'] } as const;
  for (const locale of ['en', 'de', 'pl'] as const) {
    it(`${locale}: stops asking after three answers with neither a code nor a contact; its button reaches a person`, async () => {
      const texts = templates[locale];
      const [open, ...answers] = unsure[locale];
      await botUnderTest({ clock }).adapter
        .send(say(open, locale)).assertReply(texts.booking.find.askCode)
        .send(say(answers[0], locale)).assertReply(texts.booking.find.codeRetry)
        .send(say(answers[1], locale)).assertReply(texts.booking.find.codeRetry)
        .send(say(answers[2], locale))
        .assertReply((r) => {
          assert.equal(textOf(r), texts.booking.find.giveUp);
          assert.deepEqual(actionsOf(r), [texts.menu.person]);
        })
        .send(say(texts.menu.person, locale))
        .assertReply((r) => assert.ok(textOf(r).startsWith(texts.handover.unavailable.split('{{')[0] ?? '∅'), textOf(r)))
        .startTest();
    });
  }
});

describe('FindBookingDialog attempt window', function () {
  this.timeout(20_000);

  it('forgets failed lookups after an hour', async () => {
    const storage = new MemoryStore();
    await seed(storage, 'K7P3QX', 'anna@example.com');
    let now = Date.parse('2026-11-22T09:00:00Z');
    const dialogs = new DialogSet(new StateProperty<DialogState>('conversation', 'dialogs'));
    dialogs.add(new FindBookingDialog(new StoredBookingService(storage, ZONE, clock), 'en', () => new Date(now)));
    let found: unknown;
    const state = new TurnStateManager(storage);
    const adapter = new TestAdapter(async (context) => {
      await state.load(context);
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(FIND_BOOKING_DIALOG, { code: 'K7P3QX' } satisfies FindBookingOptions);
      if (result.status === DialogTurnStatus.complete) found = result.result;
      await state.save(context);
    });
    let chain = adapter.send(say('start')).assertReply(find.askContact);
    for (let i = 1; i < MAX_FAILED_LOOKUPS; i += 1) chain = chain.send(say(`guess${i}@example.com`)).assertReply(find.notFound);
    await chain.send(say('last@example.com')).assertReply(find.tooMany).send(say('again')).assertReply(find.tooMany).startTest();
    now += LOOKUP_WINDOW_MS - 60_000;
    await adapter.send(say('again')).assertReply(find.tooMany).startTest();
    now += 2 * 60_000;
    await adapter.send(say('again')).assertReply(find.askContact).send(say('anna@example.com')).startTest();
    assert.equal((found as { code?: string } | undefined)?.code, 'K7P3QX');
  });
});
