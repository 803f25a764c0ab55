import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { soundsFrustrated } from '../../dialogs/handover/frustration';
import { templates } from '../../dialogs/locales';
import { smallTalk } from '../../dialogs/smallTalk';
import { botUnderTest, testConfig } from '../support/bot';

const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });

/** Friendly or neutral messages that must never put a customer in the queue for a person. */
const friendly: [string, 'en' | 'de' | 'pl'][] = [
  ['thanks', 'en'], ['thank you!', 'en'], ['cheers', 'en'], ['ok', 'en'], ['okay thanks', 'en'], ['great, thanks a lot', 'en'],
  ['👍', 'en'], ['🙏', 'en'], ['bye', 'en'], ['have a nice day', 'en'], ['cool', 'en'], ['got it', 'en'],
  ['danke', 'de'], ['vielen dank!', 'de'], ['alles klar', 'de'], ['super danke', 'de'], ['tschuss', 'de'], ['ok danke', 'de'],
  ['passt', 'de'], ['schonen tag', 'de'], ['prima', 'de'], ['in ordnung', 'de'],
  ['dzieki', 'pl'], ['dziekuje bardzo', 'pl'], ['spoko', 'pl'], ['okej', 'pl'], ['super dzieki', 'pl'], ['na razie', 'pl'],
  ['do widzenia', 'pl'], ['jasne', 'pl'], ['w porzadku', 'pl'], ['milego dnia', 'pl'], ['😊', 'pl'],
];

const gibberish = { en: ['blorp fnord', 'qwxz vvv'], de: ['blorp fnord', 'qwxz vvv'], pl: ['blorp fnord', 'qwxz vvv'] };

describe('politeness never goes to the human queue', function () {
  this.timeout(20_000);

  it(`the table has at least 30 friendly messages in en, de and pl, none of them "frustrated"`, () => {
    assert.ok(friendly.length >= 30);
    for (const [text] of friendly) assert.equal(soundsFrustrated(text), false, text);
  });

  for (const [text, locale] of friendly) {
    it(`${locale}: "${text}" after two misses gets a friendly word, not the queue`, async () => {
      const { adapter } = botUnderTest({ config: testConfig({ INBOX_AGENTS: 'anna:secret-token-123' }) });
      const [first, second] = gibberish[locale];
      const kind = smallTalk(text);
      assert.ok(kind, `${text} is small talk`);
      await adapter
        .send(say(first ?? '', locale)).assertReply(templates[locale].fallback.notUnderstood)
        .send(say(second ?? '', locale)).assertReply(templates[locale].menu.intro)
        .send(say(text, locale)).assertReply(templates[locale].smalltalk[kind])
        // And the conversation carries on as normal.
        .send(say({ en: 'hello', de: 'hallo', pl: 'czesc' }[locale], locale)).assertReply(templates[locale].greeting.replace('{{nameSuffix}}', ''))
        .startTest();
    });
  }

  it('words of their own are not small talk ("ok, and what about shipping", "thanks but the jacket is broken")', () => {
    for (const text of ['ok, and what about shipping', 'thanks but the jacket is broken', 'danke, aber wo ist meine bestellung', 'dzieki, a kiedy dostawa']) assert.equal(smallTalk(text), undefined, text);
  });
});
