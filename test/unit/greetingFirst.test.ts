import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { templates } from '../../dialogs/locales';
import { onlyGreeting, withoutGreeting } from '../../dialogs/smallTalk';
import { botUnderTest } from '../support/bot';

const clock = () => new Date('2026-11-22T09:00:00Z');
const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const greeting = (locale: 'en' | 'de' | 'pl') => templates[locale].greeting.replace('{{nameSuffix}}', '');

describe('a greeting in front of a request', () => {
  const requests: [string, 'en' | 'de' | 'pl'][] = [
    ['hi there, id like a consultation in krakow', 'en'],
    ['good morning! can i book a fitting in berlin', 'en'],
    ['hallo, ich haette gern eine beratung in krakau', 'de'],
    ['guten tag, ich moechte eine anprobe in berlin', 'de'],
    ['dzien dobry, chcialabym konsultacje w krakowie', 'pl'],
    ['czesc, chce umowic przymiarke w berlinie', 'pl'],
  ];
  for (const [text, locale] of requests) {
    it(`"${text}" starts the booking, not a greeting back`, async () => {
      const { adapter } = botUnderTest({ clock });
      await adapter.send(say(text, locale)).assertReply(templates[locale].booking.askTime).startTest();
    });
  }

  const greetings: [string, 'en' | 'de' | 'pl'][] = [['hi there', 'en'], ['hello :)', 'en'], ['guten tag', 'de'], ['dzien dobry!', 'pl']];
  for (const [text, locale] of greetings) {
    it(`"${text}" alone is greeted`, async () => {
      const { adapter } = botUnderTest({ clock });
      await adapter.send(say(text, locale)).assertReply(greeting(locale)).startTest();
    });
  }

  it('only a greeting followed by two words or more is taken off', () => {
    assert.equal(withoutGreeting('Dzień dobry, chciałabym konsultację'), 'chciałabym konsultację');
    assert.equal(withoutGreeting('Grüß Gott, ich möchte eine Beratung'), 'ich möchte eine Beratung');
    assert.equal(withoutGreeting('gruess gott, ich moechte eine beratung'), 'ich moechte eine beratung');
    assert.equal(withoutGreeting('hi there'), 'hi there');
    assert.equal(withoutGreeting('hello, help'), 'hello, help');
    assert.equal(withoutGreeting('hiking boots return'), 'hiking boots return');
  });

  it('a message that is only a greeting is told apart without the NLU, anything more is not', () => {
    for (const text of ['hi', 'Hello!', 'hey there :)', 'Guten Morgen!', 'gruess gott', 'Dzień dobry', 'czesc 👋']) assert.equal(onlyGreeting(text), true, text);
    for (const text of ['hi, i need help', 'history', 'hello 100234', 'hallo wie lange dauert der versand', 'hejka']) assert.equal(onlyGreeting(text), false, text);
  });
});
