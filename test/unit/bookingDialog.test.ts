import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { templates } from '../../dialogs/locales';
import { MemoryStore } from '../../bots/state/memoryStore';
import { SAMPLE_CATALOG, StoredBookingService } from '../../dialogs/booking/bookingService';
import { botUnderTest } from '../support/bot';

// Sunday 22 November 2026, 10:00 in Berlin (the default TIMEZONE).
const clock = () => new Date('2026-11-22T09:00:00Z');
const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const textOf = (r: Partial<Activity>) => r.text ?? '';

const scripts = {
  en: { start: 'I would like to book an appointment', time: 'tomorrow at 10', name: 'Anna Nowak', contact: 'anna@example.com', yes: 'yes', closed: 'Sunday at 12' },
  de: { start: 'Ich möchte einen Termin buchen', time: 'morgen um 10', name: 'Anna Nowak', contact: '030 1234567', yes: 'ja', closed: 'Sonntag um 12' },
  pl: { start: 'Chcę umówić wizytę', time: 'jutro o 10', name: 'Jan Kowalski', contact: '+48 512 345 678', yes: 'tak', closed: 'w niedzielę o 12' },
} as const;

describe('BookingDialog through MainDialog', function () {
  this.timeout(20_000);
  for (const locale of ['en', 'de', 'pl'] as const) {
    const b = templates[locale].booking;
    for (const channelId of ['webchat', 'telegram', 'facebook', 'email']) {
      it(`${locale}/${channelId}: books a consultation with a summary card and a code`, async () => {
        const { adapter } = botUnderTest({ clock, channelId });
        const s = scripts[locale];
        await adapter
          .send(say(s.start, locale))
          .assertReply((r) => {
            assert.equal(textOf(r), b.askService);
            assert.equal(r.suggestedActions?.actions.length, 3);
          })
          .send(say('1', locale))
          .assertReply(b.askStore)
          .send(say('2', locale))
          .assertReply(b.askTime)
          .send(say(s.time, locale))
          .assertReply(b.askName)
          .send(say('   ', locale))
          .assertReply(b.nameRetry)
          .send(say(s.name, locale))
          .assertReply(b.askContact)
          .send(say('no idea', locale))
          .assertReply(b.contactRetry)
          .send(say(s.contact, locale))
          .assertReply((r) => {
            const card = r.attachments?.[0];
            assert.equal(card?.contentType, 'application/vnd.microsoft.card.hero');
            // One fact per line: service, store, day and time, name, contact.
            const lines = String((card?.content as { text?: string } | undefined)?.text).split('\n');
            assert.equal(lines.length, 5, lines.join(' | '));
            assert.match(lines[1] ?? '', /^Kraków Stare Miasto, \S/);
            assert.match(lines[2] ?? '', /10:00/);
            assert.equal(lines[3], s.name);
            assert.match(lines[4] ?? '', locale === 'en' ? /^anna@example\.com$/ : /^\+?[\d ]+$/);
          })
          .assertReply((r) => assert.ok(textOf(r).startsWith(b.confirm)))
          .send(say(s.yes, locale))
          .assertReply((r) => assert.match(textOf(r), /[A-HJ-NP-Z2-9]{6}/))
          .send(say(locale === 'en' ? 'hello' : locale === 'de' ? 'hallo' : 'cześć', locale))
          .assertReply(templates[locale].greeting.replace('{{nameSuffix}}', ` ${s.name}`))
          .startTest();
      });
    }

    it(`${locale}: a closed time offers free alternatives and books the chosen one`, async () => {
      const { adapter } = botUnderTest({ clock });
      const s = scripts[locale];
      await adapter
        .send(say(s.start, locale))
        .assertReply(() => undefined)
        .send(say('1', locale))
        .assertReply(() => undefined)
        .send(say('1', locale))
        .assertReply(b.askTime)
        .send(say(s.closed, locale))
        .assertReply(b.notAvailable.closed)
        .assertReply((r) => {
          assert.ok(textOf(r).startsWith(b.pickAlternative));
          assert.equal(r.suggestedActions?.actions.length, 4, 'three times and "another time"');
        })
        .send(say('1', locale))
        .assertReply(b.askName)
        .startTest();
    });
  }

  it('the last place in a slot goes to one customer; the other is offered another time', async () => {
    const { adapter, storage } = botUnderTest({ clock });
    const other = botUnderTest({ clock, storage });
    const upToConfirm = (a: typeof adapter, user: string) =>
      a
        .send({ ...say('book an appointment', 'en'), from: { id: user, name: user }, conversation: { id: `conv-${user}`, isGroup: false, conversationType: 'personal', name: '' } })
        .assertReply(() => undefined)
        .send({ ...say('1', 'en'), from: { id: user, name: user }, conversation: { id: `conv-${user}`, isGroup: false, conversationType: 'personal', name: '' } })
        .assertReply(() => undefined)
        .send({ ...say('2', 'en'), from: { id: user, name: user }, conversation: { id: `conv-${user}`, isGroup: false, conversationType: 'personal', name: '' } })
        .assertReply(() => undefined)
        .send({ ...say('tomorrow at 10', 'en'), from: { id: user, name: user }, conversation: { id: `conv-${user}`, isGroup: false, conversationType: 'personal', name: '' } })
        .assertReply(() => undefined)
        .send({ ...say(user, 'en'), from: { id: user, name: user }, conversation: { id: `conv-${user}`, isGroup: false, conversationType: 'personal', name: '' } })
        .assertReply(() => undefined)
        .send({ ...say(`${user}@example.com`, 'en'), from: { id: user, name: user }, conversation: { id: `conv-${user}`, isGroup: false, conversationType: 'personal', name: '' } })
        .assertReply(() => undefined)
        .assertReply(() => undefined)
        .startTest();
    await upToConfirm(adapter, 'anna');
    await upToConfirm(other.adapter, 'ben');
    await adapter.send({ ...say('yes', 'en'), from: { id: 'anna', name: 'anna' }, conversation: { id: 'conv-anna', isGroup: false, conversationType: 'personal', name: '' } }).assertReply((r) => assert.match(textOf(r), /^Booked!/)).startTest();
    await other.adapter
      .send({ ...say('yes', 'en'), from: { id: 'ben', name: 'ben' }, conversation: { id: 'conv-ben', isGroup: false, conversationType: 'personal', name: '' } })
      .assertReply(templates.en.booking.taken)
      .assertReply((r) => assert.ok(textOf(r).startsWith(templates.en.booking.pickAlternative)))
      .startTest();
  });
  it('a shop with one store is not asked which one', async () => {
    const storage = new MemoryStore();
    const [berlin] = SAMPLE_CATALOG.stores;
    assert.ok(berlin);
    const bookings = new StoredBookingService(storage, 'Europe/Berlin', { now: clock, catalog: { ...SAMPLE_CATALOG, stores: [berlin] } });
    const { adapter } = botUnderTest({ clock, storage, services: { bookings } });
    await adapter
      .send(say('hi, can i book a fitting tomorrow at 10', 'en'))
      .assertReply(templates.en.booking.askName)
      .startTest();
    const sampleShop = botUnderTest({ clock });
    await sampleShop.adapter.send(say('hi, can i book a fitting tomorrow at 10', 'en')).assertReply((r) => assert.ok(textOf(r).startsWith(templates.en.booking.askStore), textOf(r))).startTest();
  });
});
