import assert from 'node:assert/strict';
import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState, type PromptOptions } from 'botbuilder-dialogs';
import deHints from '../../dialogs/prompts/hints.de.json';
import enHints from '../../dialogs/prompts/hints.en.json';
import plHints from '../../dialogs/prompts/hints.pl.json';
import { ConfirmPrompt, DateTimePrompt, EmailPrompt, NumberPrompt, PhonePrompt, type HintKey } from '../../dialogs/prompts';

const HINTS = { en: enHints, de: deHints, pl: plHints } as const;
type Locale = keyof typeof HINTS;
// Sunday 22 November 2026, 10:00 in Berlin.
const NOW = new Date('2026-11-22T09:00:00Z');
const QUESTION = 'Q?';

/**
 * A bot whose only dialog is `prompt`: it asks on the first message and replies "result: <json>"
 * when the prompt completes, with dialog state in ConversationState over MemoryStorage.
 */
function botWith(prompt: Dialog, locale: string, options: PromptOptions = { prompt: QUESTION }): TestAdapter {
  const conversationState = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
  dialogs.add(prompt);
  // The template is copied onto every incoming activity, as the locale middleware would set it.
  const adapter = new TestAdapter(async (context) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.prompt(prompt.id, options);
    else if (result.status === DialogTurnStatus.complete) await context.sendActivity(`result: ${JSON.stringify(result.result)}`);
    await conversationState.saveChanges(context);
  }, { locale });
  return adapter;
}

const textOf = (reply: Partial<Activity>): string => reply.text ?? '';

interface Case {
  name: string;
  make: () => Dialog;
  valid: Record<Locale, [string, unknown]>;
  invalid: Record<Locale, string>;
  hint: HintKey;
}

const dateTime = () => new DateTimePrompt('dateTime', { timeZone: 'Europe/Berlin', clock: () => NOW });

const CASES: Case[] = [
  {
    name: 'DateTimePrompt',
    make: dateTime,
    valid: {
      en: ['tomorrow at 3pm', { value: '2026-11-23T15:00', hasTime: true, hasDate: true }],
      de: ['nächsten Dienstag um 15 Uhr', { value: '2026-11-24T15:00', hasTime: true, hasDate: true }],
      pl: ['w przyszły wtorek o 15', { value: '2026-11-24T15:00', hasTime: true, hasDate: true }],
    },
    invalid: { en: 'whenever', de: 'irgendwann', pl: 'kiedykolwiek' },
    hint: 'datetime',
  },
  {
    name: 'NumberPrompt',
    make: () => new NumberPrompt('number'),
    valid: { en: ['twenty three', 23], de: ['23,5', 23.5], pl: ['dwa', 2] },
    invalid: { en: 'lots', de: 'viele', pl: 'dużo' },
    hint: 'number',
  },
  {
    name: 'ConfirmPrompt',
    make: () => new ConfirmPrompt('confirm'),
    valid: { en: ['no thanks', false], de: ['nein danke', false], pl: ['nie, dziękuję', false] },
    invalid: { en: 'maybe', de: 'vielleicht', pl: 'nie wiem' },
    hint: 'confirm',
  },
  {
    name: 'EmailPrompt',
    make: () => new EmailPrompt('email'),
    valid: { en: ['anna@example.com', 'anna@example.com'], de: ['Meine: Jan.Nowak@example.de', 'Jan.Nowak@example.de'], pl: ['jan@poczta.pl', 'jan@poczta.pl'] },
    invalid: { en: 'anna at example', de: 'habe keine', pl: 'nie mam' },
    hint: 'email',
  },
  {
    name: 'PhonePrompt',
    make: () => new PhonePrompt('phone'),
    valid: { en: ['07911 123456', '+447911123456'], de: ['030 12345678', '+493012345678'], pl: ['601 234 567', '+48601234567'] },
    invalid: { en: '12345', de: '12345', pl: '123' },
    hint: 'phone',
  },
];

describe('locale-aware prompts (TestAdapter, DialogSet, ConversationState over MemoryStorage)', () => {
  for (const c of CASES) {
    for (const locale of ['en', 'de', 'pl'] as const) {
      it(`${c.name} ${locale}: resolves a valid answer`, async () => {
        const [answer, expected] = c.valid[locale];
        await botWith(c.make(), locale)
          .send('hi')
          .assertReply((r) => assert.ok(textOf(r).startsWith(QUESTION)))
          .send(answer)
          .assertReply(`result: ${JSON.stringify(expected)}`)
          .startTest();
      });

      it(`${c.name} ${locale}: re-asks with the ${locale} hint, then accepts`, async () => {
        const [answer, expected] = c.valid[locale];
        await botWith(c.make(), locale)
          .send('hi')
          .assertReply((r) => assert.ok(textOf(r).startsWith(QUESTION)))
          .send(c.invalid[locale])
          .assertReply((r) => {
            assert.ok(textOf(r).startsWith(HINTS[locale][c.hint]), textOf(r));
            assert.equal(r.inputHint, 'expectingInput');
          })
          .send(answer)
          .assertReply(`result: ${JSON.stringify(expected)}`)
          .startTest();
      });
    }

    it(`${c.name}: the caller's retryPrompt wins over the hint`, async () => {
      await botWith(c.make(), 'pl', { prompt: QUESTION, retryPrompt: 'Jeszcze raz?' })
        .send('hi')
        .assertReply((r) => assert.ok(textOf(r).startsWith(QUESTION)))
        .send(c.invalid.pl)
        .assertReply((r) => assert.ok(textOf(r).startsWith('Jeszcze raz?'), textOf(r)))
        .startTest();
    });

    for (const locale of ['pl-PL', 'fr-FR', '']) {
      it(`${c.name}: locale "${locale}" does not throw and reads the answer`, async () => {
        const reads = locale === 'pl-PL' ? 'pl' : 'en';
        const [answer, expected] = c.valid[reads];
        await botWith(c.make(), locale)
          .send('hi')
          .assertReply((r) => assert.ok(textOf(r).startsWith(QUESTION)))
          .send(answer)
          .assertReply(`result: ${JSON.stringify(expected)}`)
          .startTest();
      });
    }
  }

  describe('ConfirmPrompt choices', () => {
    const labels: Record<Locale, [string, string, string]> = { en: ['Yes', 'No', ' or '], de: ['Ja', 'Nein', ' oder '], pl: ['Tak', 'Nie', ' lub '] };
    for (const locale of ['en', 'de', 'pl'] as const) {
      const [yes, no, or] = labels[locale];
      it(`${locale}: offers ${yes}/${no} and takes "1" for yes`, async () => {
        await botWith(new ConfirmPrompt('confirm'), locale)
          .send('hi')
          .assertReply((r) => assert.equal(textOf(r), `${QUESTION} (1) ${yes}${or}(2) ${no}`))
          .send('1')
          .assertReply('result: true')
          .startTest();
      });
    }

    it('pl: "jasne" and "no pewnie" are yes, the filler "no" alone is not an answer', async () => {
      for (const [answer, reply] of [['jasne', 'result: true'], ['no pewnie', 'result: true']] as const) {
        await botWith(new ConfirmPrompt('confirm'), 'pl').send('hi').assertReply(() => undefined).send(answer).assertReply(reply).startTest();
      }
      await botWith(new ConfirmPrompt('confirm'), 'pl')
        .send('hi')
        .assertReply(() => undefined)
        .send('no')
        .assertReply((r) => assert.ok(textOf(r).startsWith(plHints.confirm)))
        .startTest();
    });
  });

  describe('DateTimePrompt with requireTime', () => {
    const cases: [Locale, string, string, string][] = [
      ['en', 'tomorrow', 'at 10', '2026-11-23T10:00'],
      ['de', 'übermorgen', 'um 14:30', '2026-11-24T14:30'],
      ['pl', 'w piątek', 'o 9', '2026-11-27T09:00'],
    ];
    for (const [locale, day, time, value] of cases) {
      it(`${locale}: "${day}" asks for the time, "${time}" completes that day`, async () => {
        const prompt = new DateTimePrompt('dateTime', { timeZone: 'Europe/Berlin', clock: () => NOW, requireTime: true });
        await botWith(prompt, locale)
          .send('hi')
          .assertReply(QUESTION)
          .send(day)
          .assertReply(HINTS[locale].datetimeNeedsTime)
          .send(time)
          .assertReply(`result: ${JSON.stringify({ value, hasDate: true, hasTime: true })}`)
          .startTest();
      });
    }

    it('refuses an unknown time zone when constructed, naming the place', () => {
      assert.throws(() => new DateTimePrompt('dateTime', { timeZone: 'Nowhere/Town' }), /referenceTime\(\)/);
    });
  });

  it('ignores non-message activities while waiting', async () => {
    await botWith(new NumberPrompt('number'), 'de')
      .send('hi')
      .assertReply(QUESTION)
      .send({ type: ActivityTypes.Typing })
      .send('zwei')
      .assertReply('result: 2')
      .startTest();
  });
});
