import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { templates } from '../../dialogs/locales';
import { startRadicale, type Radicale } from '../fakes/radicaleServer';
import { botUnderTest, testConfig } from '../support/bot';

// Sunday 22 November 2026, 10:00 in Berlin: "morgen um 10" is a Monday with the stores open.
const clock = () => new Date('2026-11-22T09:00:00Z');
const say = (text: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale: 'de' });

describe('CALDAV_URL, CALDAV_USERNAME and CALDAV_PASSWORD', function () {
  this.timeout(30_000);
  let radicale: Radicale;
  let calendarUrl: string;
  before(async () => {
    radicale = await startRadicale({ shop: 'calendar-secret' });
    calendarUrl = await radicale.makeCalendar('shop', 'termine');
  });
  after(() => radicale.stop());

  it('set, a customer\'s booking is an event in the shop\'s calendar that other calendar apps read', async () => {
    const config = testConfig({ CALDAV_URL: radicale.url, CALDAV_CALENDAR_URL: calendarUrl, CALDAV_USERNAME: 'shop', CALDAV_PASSWORD: 'calendar-secret' });
    const { adapter } = botUnderTest({ clock, config });
    const texts = templates.de.booking;
    let code = '';
    await adapter
      .send(say('hallo, ich moechte eine beratung in berlin morgen um 10 buchen'))
      .assertReply(texts.askName)
      .send(say('Jonas Weber'))
      .assertReply(texts.askContact)
      .send(say('jonas.weber@example.de'))
      .assertReply(() => undefined)
      .assertReply(texts.confirm)
      .send(say('ja bitte'))
      .assertReply((reply) => {
        code = /([A-HJ-NP-Z2-9]{6})/.exec(reply.text ?? '')?.[1] ?? '';
        assert.ok(code, reply.text);
      })
      .startTest();
    const event = await radicale.raw('shop', `${new URL(calendarUrl).pathname}${code}.ics`);
    assert.equal(event.status, 200);
    const ics = await event.text();
    assert.match(ics, new RegExp(`UID:${code}`));
    assert.match(ics, /DTSTART[^:]*:20261123T090000Z/);
    assert.match(ics, /Jonas Weber/);
  });

  it('a URL without the account stops the start naming what is missing', () => {
    assert.throws(() => testConfig({ CALDAV_URL: radicale.url }), /CALDAV_USERNAME, CALDAV_PASSWORD: required when CALDAV_URL is set/);
  });
});
