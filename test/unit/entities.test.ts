import assert from 'node:assert/strict';
import {
  recognizeEmail,
  recognizeEntities,
  recognizeNumber,
  recognizePhone,
  recognizeYesNo,
  type PromptLocale,
} from '../../dialogs/prompts/entities';

const NOW = new Date('2026-11-22T09:00:00Z');
const ZONE = 'Europe/Berlin';

describe('recognizeNumber', () => {
  const table: Record<PromptLocale, [string, number | null][]> = {
    en: [
      ['23.5', 23.5], ['1,234.5', 1234.5], ['twenty three', 23], ['a dozen', 12], ['-4', -4],
      ['I need 3 please', 3], ['one hundred and five', 105], ['none at all', null],
    ],
    de: [
      ['23,5', 23.5], ['1.234,5', 1234.5], ['1.234', 1234], ['23.5', 23.5], ['zwei', 2],
      ['dreiundzwanzig', 23], ['zweieinhalb', 2.5], ['zweihundertfünfzig', 250], ['eine Person', 1],
      ['Ich möchte einen Termin morgen', null], ['keine Ahnung', null],
    ],
    pl: [
      ['23,5', 23.5], ['1 234,5 zł', 1234.5], ['dwa', 2], ['dwadzieścia trzy', 23], ['dla pięciu osób', 5],
      ['sto dwadzieścia', 120], ['półtora', 1.5], ['-4', -4], ['dwa tysiące', 2000], ['nie wiem', null],
    ],
  };
  for (const locale of ['en', 'de', 'pl'] as const) {
    for (const [text, expected] of table[locale]) {
      it(`${locale} "${text}" → ${String(expected)}`, () => assert.equal(recognizeNumber(text, locale), expected));
    }
  }
});

describe('recognizeEmail', () => {
  const table: [string, string | null][] = [
    ['a.b+c@example.co.uk', 'a.b+c@example.co.uk'],
    ['Meine Adresse: Jan.Kowalski+shop@poczta.onet.pl.', 'Jan.Kowalski+shop@poczta.onet.pl'],
    ['mail me at anna@example.com please', 'anna@example.com'],
    ['name at example dot com', null],
    ['no address here', null],
  ];
  for (const [text, expected] of table) {
    it(`"${text}" → ${String(expected)}`, () => assert.equal(recognizeEmail(text), expected));
  }
});

describe('recognizePhone (E.164; national numbers in GB for en, DE for de, PL for pl)', () => {
  const table: Record<PromptLocale, [string, string | null][]> = {
    en: [
      ['07911 123456', '+447911123456'], ['+44 20 7946 0958', '+442079460958'],
      ['+1 415 555 2671', '+14155552671'], ['(415) 555-2671', null], ['12345', null],
    ],
    de: [
      ['030 12345678', '+493012345678'], ['0171 1234567', '+491711234567'], ['+49 (0)30 1234567', '+49301234567'],
      ['Rufen Sie 0049 30 1234567 an', '+49301234567'], ['12345', null], ['am 03.03.2027', null],
    ],
    pl: [
      ['601 234 567', '+48601234567'], ['+48 22 123 45 67', '+48221234567'], ['601-234-567', '+48601234567'],
      ['tel. 22 123 45 67', '+48221234567'], ['123', null],
    ],
  };
  for (const locale of ['en', 'de', 'pl'] as const) {
    for (const [text, expected] of table[locale]) {
      it(`${locale} "${text}" → ${String(expected)}`, () => assert.equal(recognizePhone(text, locale), expected));
    }
  }
});

describe('recognizeYesNo', () => {
  const table: Record<PromptLocale, [string, boolean | null][]> = {
    en: [
      ['yes', true], ['Yeah!', true], ['yep', true], ['sure, why not', true], ['yes please', true], ['👍', true],
      ['no', false], ['nope', false], ['no thanks', false], ['absolutely not', false], ["I don't think so", false],
      ['maybe', null], ["I'm not sure", null], ['hello', null],
    ],
    de: [
      ['ja', true], ['Jawohl', true], ['gerne', true], ['ja, gerne', true], ['na klar', true], ['warum nicht', true],
      ['nein', false], ['nein danke', false], ['ne', false], ['Nö', false], ['auf keinen Fall', false],
      ['vielleicht', null], ['weiß nicht', null], ['Hallo', null],
    ],
    pl: [
      ['tak', true], ['jasne', true], ['pewnie', true], ['no pewnie', true], ['oczywiście', true], ['nie ma sprawy', true],
      ['nie', false], ['nie, dziękuję', false], ['raczej nie', false], ['na pewno nie', false], ['no nie', false],
      ['nie wiem', null], ['może', null], ['no', null],
    ],
  };
  for (const locale of ['en', 'de', 'pl'] as const) {
    for (const [text, expected] of table[locale]) {
      it(`${locale} "${text}" → ${String(expected)}`, () => assert.equal(recognizeYesNo(text, locale), expected));
    }
  }
});

describe('recognizeEntities', () => {
  const table: [PromptLocale, string, Awaited<ReturnType<typeof recognizeEntities>>][] = [
    ['de', 'morgen um 10, 2 Personen, Tel. 030 12345678, a.b@example.de',
      { datetime: '2026-11-23T10:00', number: 2, email: 'a.b@example.de', phone: '+493012345678' }],
    ['pl', 'jutro o 15 dla dwóch osób, tel. 601 234 567',
      { datetime: '2026-11-23T15:00', number: 2, email: null, phone: '+48601234567' }],
    ['en', 'Book 3 people tomorrow at 3pm, call +44 20 7946 0958',
      { datetime: '2026-11-23T15:00', number: 3, email: null, phone: '+442079460958' }],
    ['de', 'am 03.03.2027', { datetime: '2027-03-03T00:00', number: null, email: null, phone: null }],
    ['en', 'I need 23.5 kg', { datetime: null, number: 23.5, email: null, phone: null }],
    ['pl', 'cześć', { datetime: null, number: null, email: null, phone: null }],
  ];
  for (const [locale, text, expected] of table) {
    it(`${locale} "${text}"`, async () => assert.deepEqual(await recognizeEntities(text, locale, NOW, ZONE), expected));
  }
});
