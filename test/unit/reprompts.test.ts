import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import { t, templates } from '../../dialogs/locales';
import { hint } from '../../dialogs/prompts';
import { botUnderTest } from '../support/bot';

const clock = () => new Date('2026-11-22T09:00:00Z');
const firstItem = { en: 'Rain jacket, size M', de: 'Regenjacke, Größe M', pl: 'Kurtka przeciwdeszczowa, rozmiar M' } as const;
const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });
const textOf = (r: Partial<Activity>) => r.text ?? '';

/** Every prompt re-asks on nonsense and explains what it expects, in the customer's language. */
describe('re-prompts on invalid input', function () {
  this.timeout(20_000);
  for (const locale of ['en', 'de', 'pl'] as const) {
    const b = templates[locale].booking;
    const r = templates[locale].returns;
    const bookWords = { en: 'book an appointment', de: 'Termin buchen', pl: 'umów wizytę' }[locale];
    // A button question missed once says what the options are: the first words of that hint.
    const missed = (a: Partial<Activity>) => assert.ok(textOf(a).startsWith(hint(locale, 'choiceUnknown').split('{{')[0] ?? ''), textOf(a));
    const returnWords = { en: 'I want to return my order', de: 'Ich möchte meine Bestellung zurückschicken', pl: 'chcę zwrócić zamówienie' }[locale];

    it(`${locale}: booking (service, time, alternative, name, contact, confirmation)`, async () => {
      const { adapter } = botUnderTest({ clock });
      await adapter
        .send(say(bookWords, locale)).assertReply(b.askService)
        .send(say('zzz', locale)).assertReply(missed)
        .send(say('1', locale)).assertReply(b.askStore)
        .send(say('zzz', locale)).assertReply(missed)
        .send(say('qqq', locale)).assertReply((a) => {
          // The second miss in a row: a numbered list, never the same question a third time.
          assert.ok(textOf(a).startsWith(hint(locale, 'choiceNumbered').split('{{')[0] ?? ''), textOf(a));
          assert.match(textOf(a), /1\. Berlin Mitte\n2\. Kraków Stare Miasto/);
        })
        .send(say('1', locale)).assertReply(b.askTime)
        .send(say('banana', locale)).assertReply(hint(locale, 'datetime'))
        .send(say({ en: 'tomorrow', de: 'morgen', pl: 'jutro' }[locale], locale)).assertReply((a) => assert.ok(textOf(a).includes(b.askTimeOnDay.split('{{day}}')[1]?.slice(0, 12) ?? '∅'), textOf(a)))
        .send(say({ en: 'at 7am', de: 'um 7:00', pl: 'o 7:00' }[locale], locale)).assertReply(b.notAvailable.closed)
        .assertReply((a) => assert.ok(textOf(a).startsWith(b.pickAlternative)))
        .send(say('zzz', locale)).assertReply(missed)
        .send(say('1', locale)).assertReply(b.askName)
        .send(say('x'.repeat(81), locale)).assertReply(b.nameRetry)
        .send(say('Eve', locale)).assertReply(b.askContact)
        .send(say('???', locale)).assertReply(b.contactRetry)
        .send(say('eve@example.com', locale)).assertReply(() => undefined).assertReply(() => undefined)
        .send(say('zzz', locale)).assertReply((a) => assert.ok(textOf(a).startsWith(hint(locale, 'confirm'))))
        .startTest();
    });

    it(`${locale}: returns (order number, proof, item, reason, resolution)`, async () => {
      const { adapter } = botUnderTest({ clock });
      await adapter
        .send(say(returnWords, locale)).assertReply(r.askOrder)
        .send(say('abc', locale)).assertReply(r.orderRetry)
        .send(say('100234', locale)).assertReply(r.askProof)
        .send(say('x', locale)).assertReply(r.askProof)
        .send(say('anna.nowak@example.com', locale)).assertReply((a) => assert.ok(textOf(a).startsWith(t(locale, 'returns.notAllEligible', { count: 1 }))))
        .assertReply((a) => assert.ok(textOf(a).startsWith(r.askItem)))
        .send(say('zzz', locale)).assertReply(missed)
        .send(say('1', locale)).assertReply((a) => assert.ok(textOf(a).startsWith(t(locale, 'returns.askReason', { count: 1, item: firstItem[locale] })), textOf(a)))
        .send(say('zzz', locale)).assertReply(missed)
        .send(say('1', locale)).assertReply((a) => assert.ok(textOf(a).startsWith(r.askResolution)))
        .send(say('zzz', locale)).assertReply(missed)
        .startTest();
    });
  }
});
