import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import type { Locale } from '../../bots/config';
import { retentionDaysOf } from '../../bots/state/retentionDays';
import { JsonFaqService, type KnowledgeBaseFile } from '../../dialogs/faq/faqService';
import { RetentionAwareFaq, retentionSentence } from '../../dialogs/faq/retentionAnswer';
import { templates } from '../../dialogs/locales';
import { botUnderTest, testConfig } from '../support/bot';

const LOCALES: readonly Locale[] = ['en', 'de', 'pl'];

/** The privacy answer a customer would get with these settings, through the same wiring as the bot. */
function privacyAnswer(locale: Locale, env: Record<string, string> = {}): string {
  const faq = new RetentionAwareFaq(new JsonFaqService(), retentionDaysOf(testConfig(env).env));
  return faq.entry('privacy-data', locale)?.answer ?? '∅';
}

describe('privacy answer from the configured retention', () => {
  it('says the default 90 days for chats in English', () => {
    assert.match(privacyAnswer('en'), /chat conversations for 90 days after your last message/);
  });

  it('with RETENTION_DAYS=30 says 30 days for chats in English, and never 90', () => {
    const answer = privacyAnswer('en', { RETENTION_DAYS: '30' });
    assert.match(answer, /chat conversations for 30 days after your last message/);
    assert.doesNotMatch(answer, /90/);
  });

  it('with RETENTION_DAYS_BY_KIND=tickets=1 says "1 Tag" for tickets in German, the rest 90 Tage', () => {
    const answer = privacyAnswer('de', { RETENTION_DAYS_BY_KIND: 'tickets=1' });
    assert.match(answer, /an unser Team übergebene Anfragen 1 Tag lang/);
    assert.match(answer, /Chatverläufe speichern wir bis 90 Tage nach Ihrer letzten Nachricht/);
    assert.doesNotMatch(answer, /1 Tage\b/);
  });

  it('uses the Polish plural forms for 1, 2, 5 and 22 days', () => {
    const answer = privacyAnswer('pl', { RETENTION_DAYS_BY_KIND: 'conversations=1,tickets=2,bookings=5,returns=22,customers=12' });
    assert.match(answer, /czatu przechowujemy przez 1 dzień od/);
    assert.match(answer, /zespołowi przez 2 dni,/);
    assert.match(answer, /rezerwacje przez 5 dni po terminie/);
    assert.match(answer, /zwrotów przez 22 dni,/);
    assert.match(answer, /profil klienta przez 12 dni od/);
  });

  it('counts 1 day and many days right in English too', () => {
    const sentence = retentionSentence('en', retentionDaysOf(testConfig({ RETENTION_DAYS_BY_KIND: 'bookings=1' }).env));
    assert.match(sentence, /bookings for 1 day after the appointment/);
    assert.match(sentence, /return requests for 90 days/);
  });

  for (const locale of LOCALES) {
    it(`${locale}: no answer keeps an unreplaced "{{", and the privacy answer says how to ask in the chat`, () => {
      const faq = new RetentionAwareFaq(new JsonFaqService(), retentionDaysOf(testConfig({ RETENTION_DAYS: '14' }).env));
      for (const entry of faq.entries(locale)) assert.doesNotMatch(entry.answer, /\{\{|\}\}/, `${locale} ${entry.topic}`);
      const privacy = faq.entry('privacy-data', locale)?.answer ?? '∅';
      assert.match(privacy, /14 /);
      assert.ok(privacy.includes({ en: 'delete my data', de: 'Daten löschen', pl: 'usuń moje dane' }[locale]), privacy);
      assert.ok(privacy.includes('privacy@switchboard-shop.example'), privacy);
    });

    it(`${locale}: titles and paraphrases stay as the knowledge base has them, so the NLU trains on the same`, () => {
      const plain = new JsonFaqService();
      const aware = new RetentionAwareFaq(plain, retentionDaysOf(testConfig().env));
      const trained = (entries: { topic: string; title: string; paraphrases: string[] }[]) => entries.map(({ topic, title, paraphrases }) => ({ topic, title, paraphrases }));
      assert.deepEqual(trained(aware.entries(locale)), trained(plain.entries(locale)));
    });
  }

  it("leaves a shop's own answers without the placeholder as they are", () => {
    const shop: KnowledgeBaseFile = { privacy: { title: 'Privacy', answer: 'We keep chats for a week.', paraphrases: ['privacy'] } };
    const faq = new RetentionAwareFaq(new JsonFaqService({ en: shop }), retentionDaysOf(testConfig().env));
    assert.equal(faq.entry('privacy', 'en')?.answer, 'We keep chats for a week.');
    assert.equal(faq.entry('missing', 'en'), undefined);
  });
});

describe('a customer asking how long chats are kept', function () {
  this.timeout(20_000);
  const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });

  it('"how long do you keep my chats" gets the configured days', async () => {
    const { adapter } = botUnderTest({ config: testConfig({ RETENTION_DAYS: '45' }) });
    await adapter
      .send(say('how long do you keep my chats', 'en'))
      .assertReply((r) => {
        assert.match(r.text ?? '', /chat conversations for 45 days after your last message/);
        assert.doesNotMatch(r.text ?? '', /90|\{\{/);
      })
      .assertReply((r) => assert.ok((r.text ?? '').startsWith(templates.en.faq.didItHelp), r.text))
      .startTest();
  });
});
