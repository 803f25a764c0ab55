import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { templates } from '../../dialogs/locales';
import { botUnderTest } from '../support/bot';

const clock = () => new Date('2026-11-22T09:00:00Z');
const say = (text: string, locale = 'en'): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const textOf = (r: Partial<Activity>) => r.text ?? '';
const m = templates.en.booking.manage;

async function bookOne(adapter: ReturnType<typeof botUnderTest>['adapter'], time: string): Promise<string> {
  let code = '';
  await adapter
    .send(say('I want to book an appointment')).assertReply(() => undefined)
    .send(say('1')).assertReply(() => undefined)
    .send(say('1')).assertReply(() => undefined)
    .send(say(time)).assertReply(() => undefined)
    .send(say('Anna')).assertReply(() => undefined)
    .send(say('anna@example.com')).assertReply(() => undefined).assertReply(() => undefined)
    .send(say('yes'))
    .assertReply((r) => {
      code = /([A-HJ-NP-Z2-9]{6})/.exec(textOf(r))?.[1] ?? '';
    })
    .startTest();
  assert.ok(code);
  return code;
}

describe('MyBookingsDialog', function () {
  this.timeout(20_000);

  it('lists bookings and cancels one after confirmation', async () => {
    const { adapter } = botUnderTest({ clock });
    const code = await bookOne(adapter, 'tomorrow at 10');
    await adapter
      .send(say('show my bookings'))
      .assertReply((r) => assert.ok(textOf(r).startsWith(m.intro) && textOf(r).includes(code)))
      .assertReply((r) => assert.ok(textOf(r).startsWith(m.what)))
      .send(say('1'))
      .assertReply((r) => assert.ok(textOf(r).includes(code)))
      .send(say('yes'))
      .assertReply(m.cancelled.replace('{{code}}', code))
      .send(say('my bookings'))
      // None left here: the bot asks for the code of one made elsewhere.
      .assertReply(templates.en.booking.find.askCode)
      .startTest();
  });

  it('moves a booking: asks only for the new time, then cancels the old one', async () => {
    const { adapter } = botUnderTest({ clock });
    const code = await bookOne(adapter, 'tomorrow at 10');
    await adapter
      .send(say('move my appointment'))
      .assertReply(() => undefined)
      .assertReply(() => undefined)
      .send(say('2'))
      .assertReply(templates.en.booking.askTime)
      .send(say('tomorrow at 11'))
      .assertReply((r) => assert.equal(r.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.hero'))
      .assertReply(() => undefined)
      .send(say('yes'))
      .assertReply((r) => assert.match(textOf(r), /^Booked!/))
      .assertReply(m.moved.replace('{{code}}', code))
      .send(say('my bookings'))
      .assertReply((r) => assert.ok(!textOf(r).includes(code) && textOf(r).startsWith(m.intro)))
      .startTest();
  });
});
