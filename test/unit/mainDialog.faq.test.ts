import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { JsonFaqService } from '../../dialogs/faq/faqService';
import { templates } from '../../dialogs/locales';
import { botUnderTest } from '../support/bot';
import { assertHelp } from '../support/helpText';

const faq = new JsonFaqService();
const CHANNELS = ['webchat', 'telegram', 'facebook', 'email'];

const questions = {
  en: { opening: 'what time do you open on saturday', refund: 'when will I get my money back', vague: 'delivery' },
  de: { opening: 'Wann habt ihr samstags geöffnet?', refund: 'Wann bekomme ich mein Geld zurück?', vague: 'Karte' },
  pl: { opening: 'O której otwieracie w sobotę?', refund: 'Kiedy dostanę pieniądze z powrotem?', vague: 'dostawa' },
} as const;

function say(text: string, locale: string): Partial<Activity> {
  return { type: ActivityTypes.Message, text, locale };
}

const textOf = (reply: Partial<Activity>) => reply.text ?? '';
const actionsOf = (reply: Partial<Activity>) => (reply.suggestedActions?.actions ?? []).map((a) => String(a.value));

describe('MainDialog + FaqDialog (same behaviour on every channel id)', function () {
  this.timeout(20_000);
  for (const locale of ['en', 'de', 'pl'] as const) {
    const strings = templates[locale];
    for (const channelId of CHANNELS) {
      it(`${locale}/${channelId}: answers, asks if it helped, and is glad on yes`, async () => {
        const { adapter } = botUnderTest({ channelId });
        await adapter
          .send(say(questions[locale].opening, locale))
          .assertReply((r) => assert.equal(textOf(r), faq.entry('opening-hours', locale)?.answer))
          .assertReply((r) => {
            assert.match(textOf(r), new RegExp(`^${strings.faq.didItHelp.replace('?', '\\?')}`));
            assert.deepEqual(actionsOf(r), [strings.faq.yes, strings.faq.no]);
          })
          .send(say(strings.faq.yes, locale))
          .assertReply(strings.faq.glad)
          .startTest();
      });
    }

    it(`${locale}: on "no" offers a person, and re-asks on an invalid answer`, async () => {
      const { adapter } = botUnderTest();
      await adapter
        .send(say(questions[locale].refund, locale))
        .assertReply((r) => assert.equal(textOf(r), faq.entry('refund-time', locale)?.answer))
        .assertReply((r) => assert.match(textOf(r), /\?/))
        .send(say('purple elephant', locale))
        .assertReply((r) => assert.match(textOf(r), new RegExp(strings.faq.retry.slice(0, 20))))
        .send(say(strings.faq.no, locale))
        .assertReply((r) => assert.ok(textOf(r).startsWith(strings.faq.offerHuman)))
        .send(say(strings.faq.talkToPerson, locale))
        .assertReply((r) => assert.ok(textOf(r).includes(faq.entry('contact', locale)?.answer ?? '∅')))
        .startTest();
    });

    it(`${locale}: a vague question offers up to three topics and answers the chosen one`, async () => {
      const { adapter } = botUnderTest();
      let offered: string[] = [];
      await adapter
        .send(say(questions[locale].vague, locale))
        .assertReply((r) => {
          assert.ok(textOf(r).startsWith(strings.faq.pickTopic));
          offered = actionsOf(r);
          assert.ok(offered.length >= 2 && offered.length <= 4, `offered ${offered.join(', ')}`);
          assert.equal(offered.at(-1), strings.faq.noneOfThese);
        })
        .startTest();
      const firstTitle = offered[0] ?? '';
      const topic = faq.entries(locale).find((e) => e.title === firstTitle);
      assert.ok(topic, `"${firstTitle}" is a topic title`);
      await adapter
        .send(say('1', locale))
        .assertReply((r) => assert.equal(textOf(r), topic.answer))
        .startTest();
    });

    it(`${locale}: two messages it does not understand bring up the menu`, async () => {
      const { adapter } = botUnderTest();
      await adapter
        .send(say('xyzzy plugh', locale))
        .assertReply(strings.fallback.notUnderstood)
        .send(say('qwerty uiop', locale))
        .assertReply((r) => {
          assert.equal(textOf(r), strings.menu.intro);
          assert.deepEqual(actionsOf(r), [strings.menu.question, strings.menu.booking, strings.menu.returns, strings.menu.person]);
        })
        .startTest();
    });
  }

  const naturalNo = { en: 'no thanks', de: 'nein danke', pl: 'nie, dziękuję' } as const;
  for (const locale of ['en', 'de', 'pl'] as const) {
    it(`${locale}: "${naturalNo[locale]}" after an answer counts as no`, async () => {
      const { adapter } = botUnderTest();
      await adapter
        .send(say(questions[locale].opening, locale))
        .assertReply(() => undefined)
        .assertReply(() => undefined)
        .send(say(naturalNo[locale], locale))
        .assertReply((r) => assert.ok(textOf(r).startsWith(templates[locale].faq.offerHuman)))
        .startTest();
    });
  }

  it('detects the language of a message that carries no locale (e-mail) and remembers it', async () => {
    const { adapter } = botUnderTest();
    await adapter
      .send({ type: ActivityTypes.Message, text: 'Wann habt ihr am Samstag geöffnet?' })
      .assertReply((r) => assert.equal(textOf(r), faq.entry('opening-hours', 'de')?.answer))
      .assertReply(() => undefined)
      .send({ type: ActivityTypes.Message, text: 'abbrechen' })
      .assertReply(templates.de.cancel.done)
      .send({ type: ActivityTypes.Message, text: 'hallo' })
      .assertReply(templates.de.greeting.replace('{{nameSuffix}}', ''))
      .startTest();
  });

  it('switches language on request and keeps it over the client locale', async () => {
    const { adapter } = botUnderTest();
    await adapter
      .send(say('Deutsch', 'en-US'))
      .assertReply(templates.de.language.switched)
      .send(say('help', 'en-US'))
      .assertReply(assertHelp('de'))
      .send(say('po polsku', 'en-US'))
      .assertReply(templates.pl.language.switched)
      .startTest();
  });

  it('cancel in the middle of the FAQ ends it', async () => {
    const { adapter } = botUnderTest();
    await adapter
      .send(say(questions.en.opening, 'en'))
      .assertReply(() => undefined)
      .assertReply(() => undefined)
      .send(say('cancel', 'en'))
      .assertReply(templates.en.cancel.done)
      .send(say('yes', 'en'))
      .assertReply(templates.en.fallback.notUnderstood)
      .startTest();
  });
});
