import assert from 'node:assert/strict';
import { recognizeDateTime, type PromptLocale } from '../../dialogs/prompts/entities';

// Sunday 22 November 2026, 10:00 in Berlin (CET, UTC+1).
const NOW = new Date('2026-11-22T09:00:00Z');
const ZONE = 'Europe/Berlin';

/** [phrase, value, hasDate, hasTime]; value null = nothing recognised. */
type Row = [string, string | null, boolean?, boolean?];

const TABLE: Record<PromptLocale, Row[]> = {
  en: [
    ['tomorrow at 3pm', '2026-11-23T15:00', true, true],
    ['next Tuesday at 15:00', '2026-11-24T15:00', true, true],
    ['at 3pm', '2026-11-22T15:00', false, true],
    ['in 2 hours', '2026-11-22T12:00', true, true],
    ['Friday', '2026-11-27T00:00', true, false],
    ['on March 3rd at 2:30pm', '2027-03-03T14:30', true, true],
    ['12/24 at 10am', '2026-12-24T10:00', true, true],
    ['tonight', '2026-11-22T19:00', true, false],
    ['tomorrow morning', '2026-11-23T09:00', true, false],
    ['3pm tomorrow', '2026-11-23T15:00', true, true],
    ['the day after tomorrow at 9', '2026-11-24T09:00', true, true],
    ['Dec 5', '2026-12-05T00:00', true, false],
    ['December 5th 2026 at 11:15', '2026-12-05T11:15', true, true],
    ['in 3 days', '2026-11-25T00:00', true, false],
    ['today at 6:30pm', '2026-11-22T18:30', true, true],
    ['noon tomorrow', '2026-11-23T12:00', true, true],
    ['monday 10am', '2026-11-23T10:00', true, true],
    ['this friday at 4', '2026-11-27T16:00', true, true],
    ['03/12/2027', '2027-12-03T00:00', true, false],
    ['at 9', '2026-11-23T09:00', false, true],
    ['in 30 minutes', '2026-11-22T10:30', true, true],
    ['a week from today', '2026-11-29T00:00', true, false],
    ['Saturday at noon', '2026-11-28T12:00', true, true],
    ['Wednesday around 2pm', '2026-11-25T14:00', true, true],
    ['quarter to five tomorrow', '2026-11-23T16:45', true, true],
    ['half past three', '2026-11-22T15:30', false, true],
    ['tomorrow evening at 7', '2026-11-23T19:00', true, true],
    ['24.12. at 10am', '2026-12-24T10:00', true, true],
    ['can we do thursday at 11?', '2026-11-26T11:00', true, true],
    ['24/12 at 10:30', '2026-12-24T10:30', true, true],
    ['1st of january at 9am', '2027-01-01T09:00', true, true],
    ['in an hour and a half', '2026-11-22T11:30', true, true],
    ['hello there', null],
    ['I need 23.5 kg of flour', null],
  ],
  de: [
    ['nächsten Dienstag um 15 Uhr', '2026-11-24T15:00', true, true],
    ['morgen um 10', '2026-11-23T10:00', true, true],
    ['am 3. März um 14:30', '2027-03-03T14:30', true, true],
    ['übermorgen früh', '2026-11-24T09:00', true, false],
    ['heute Abend', '2026-11-22T19:00', true, false],
    ['Dienstag', '2026-11-24T00:00', true, false],
    ['am Freitag um 9:30', '2026-11-27T09:30', true, true],
    ['in 2 Stunden', '2026-11-22T12:00', true, true],
    ['in drei Tagen', '2026-11-25T00:00', true, false],
    ['um 15 Uhr', '2026-11-22T15:00', false, true],
    ['3.12.2026 10:00', '2026-12-03T10:00', true, true],
    ['23.12. um 11 Uhr', '2026-12-23T11:00', true, true],
    ['kommenden Montag um halb drei', '2026-11-23T14:30', true, true],
    ['Montag 10 Uhr', '2026-11-23T10:00', true, true],
    ['am 5. Dezember', '2026-12-05T00:00', true, false],
    ['heute um 18:00', '2026-11-22T18:00', true, true],
    ['in einer Woche', '2026-11-29T00:00', true, false],
    ['morgen Nachmittag', '2026-11-23T15:00', true, false],
    ['übermorgen um 8', '2026-11-24T08:00', true, true],
    ['Samstag um 12', '2026-11-28T12:00', true, true],
    ['am 1.1.2027', '2027-01-01T00:00', true, false],
    ['morgen früh um 9', '2026-11-23T09:00', true, true],
    ['morgen gegen 10', '2026-11-23T10:00', true, true],
    ['in einer halben Stunde', '2026-11-22T10:30', true, true],
    ['morgen Abend um 8', '2026-11-23T20:00', true, true],
    ['um viertel nach zehn', '2026-11-22T10:15', false, true],
    ['nächste Woche', '2026-11-29T00:00', true, false],
    ['morgen um 02:30', '2026-11-23T02:30', true, true],
    ['Sonntag um 9', '2026-11-29T09:00', true, true],
    ['nächsten Dienstag um 10:30', '2026-11-24T10:30', true, true],
    ['24.12. um 11 Uhr', '2026-12-24T11:00', true, true],
    ['Freitag, 4. Dezember, 9 Uhr', '2026-12-04T09:00', true, true],
    ['hallo', null],
    ['Ich möchte etwas zurückgeben', null],
  ],
  pl: [
    ['w przyszły wtorek o 15', '2026-11-24T15:00', true, true],
    ['w przyszły wtorek o 15, tel. 512 345 678', '2026-11-24T15:00', true, true],
    ['jutro o 10:30', '2026-11-23T10:30', true, true],
    ['3 marca o 14', '2027-03-03T14:00', true, true],
    ['dziś o 18', '2026-11-22T18:00', true, true],
    ['dzisiaj wieczorem', '2026-11-22T19:00', true, false],
    ['pojutrze rano', '2026-11-24T09:00', true, false],
    ['w piątek o 9', '2026-11-27T09:00', true, true],
    ['we wtorek', '2026-11-24T00:00', true, false],
    ['w środę o 12:15', '2026-11-25T12:15', true, true],
    ['za tydzień', '2026-11-29T00:00', true, false],
    ['za 2 dni', '2026-11-24T00:00', true, false],
    ['za dwa dni', '2026-11-24T00:00', true, false],
    ['3.03', '2027-03-03T00:00', true, false],
    ['03.03.2027', '2027-03-03T00:00', true, false],
    ['o 15', '2026-11-22T15:00', false, true],
    ['o 15:30', '2026-11-22T15:30', false, true],
    ['o piętnastej', '2026-11-22T15:00', false, true],
    ['jutro o piętnastej trzydzieści', '2026-11-23T15:30', true, true],
    ['za godzinę', '2026-11-22T11:00', true, true],
    ['za pół godziny', '2026-11-22T10:30', true, true],
    ['w niedzielę o 8 wieczorem', '2026-11-22T20:00', true, true],
    ['w niedzielę o 8', '2026-11-29T08:00', true, true],
    ['w przyszłą niedzielę', '2026-11-29T00:00', true, false],
    ['piątego grudnia o 10', '2026-12-05T10:00', true, true],
    ['jutro w południe', '2026-11-23T12:00', true, true],
    ['o wpół do trzeciej', '2026-11-22T14:30', false, true],
    ['sobota 11:00', '2026-11-28T11:00', true, true],
    ['w sobote o 9 rano', '2026-11-28T09:00', true, true],
    ['jutro o 8 wieczorem', '2026-11-23T20:00', true, true],
    ['za 3 tygodnie', '2026-12-13T00:00', true, false],
    ['w środę w przyszłym tygodniu', '2026-11-25T00:00', true, false],
    ['5 grudnia', '2026-12-05T00:00', true, false],
    ['24.12 o 11', '2026-12-24T11:00', true, true],
    ['jutro koło 15', '2026-11-23T15:00', true, true],
    ['trzeciego marca', '2027-03-03T00:00', true, false],
    ['cześć', null],
    ['chcę zwrócić zamówienie', null],
  ],
};

describe('recognizeDateTime', () => {
  for (const locale of ['en', 'de', 'pl'] as const) {
    describe(`${locale}, Sunday 2026-11-22 10:00 Europe/Berlin`, () => {
      for (const [phrase, value, hasDate, hasTime] of TABLE[locale]) {
        it(`"${phrase}" → ${value ?? 'nothing'}`, () => {
          const found = recognizeDateTime(phrase, locale, NOW, ZONE);
          assert.deepEqual(found, value === null ? null : { value, hasDate, hasTime });
        });
      }
    });
  }
});

describe('recognizeDateTime across time zones and DST', () => {
  // Saturday 27 March 2027, 10:00 in Berlin; clocks go from 02:00 to 03:00 the next night.
  const beforeSpring = new Date('2027-03-27T09:00:00Z');
  const rows: [Date, string, PromptLocale, string, string][] = [
    [beforeSpring, ZONE, 'de', 'morgen um 10', '2027-03-28T10:00'],
    [beforeSpring, ZONE, 'en', 'in 24 hours', '2027-03-28T11:00'],
    [beforeSpring, ZONE, 'pl', 'za 24 godziny', '2027-03-28T11:00'],
    [beforeSpring, ZONE, 'de', 'morgen um 02:30', '2027-03-28T03:30'],
    [beforeSpring, ZONE, 'pl', 'jutro o 02:30', '2027-03-28T03:30'],
    // Saturday 24 October 2026, 10:00 in Berlin; clocks go back an hour the next night.
    [new Date('2026-10-24T08:00:00Z'), ZONE, 'de', 'in 48 Stunden', '2026-10-26T09:00'],
    [new Date('2026-10-24T08:00:00Z'), ZONE, 'en', 'tomorrow at 10am', '2026-10-25T10:00'],
    // 00:30 on Monday in Berlin is still Sunday in UTC: "tomorrow" is Berlin's tomorrow.
    [new Date('2026-11-22T23:30:00Z'), ZONE, 'de', 'morgen um 10', '2026-11-24T10:00'],
    [NOW, 'America/New_York', 'en', 'tomorrow at 3pm', '2026-11-23T15:00'],
    [new Date('2026-11-22T16:00:00Z'), 'Asia/Tokyo', 'pl', 'jutro o 15', '2026-11-24T15:00'],
  ];
  for (const [now, zone, locale, phrase, value] of rows) {
    it(`${now.toISOString()} ${zone} ${locale} "${phrase}" → ${value}`, () => {
      assert.equal(recognizeDateTime(phrase, locale, now, zone)?.value, value);
    });
  }

  it('gives the same answers whatever time zone the process runs in', () => {
    const saved = process.env.TZ;
    const phrases: [PromptLocale, string][] = [['en', 'tomorrow at 3pm'], ['de', 'nächsten Dienstag um 15 Uhr'], ['pl', 'w przyszły wtorek o 15'], ['de', 'morgen früh um 9']];
    const expected = phrases.map(([locale, phrase]) => recognizeDateTime(phrase, locale, NOW, ZONE));
    try {
      for (const tz of ['America/Los_Angeles', 'Asia/Kolkata', 'Europe/Berlin']) {
        process.env.TZ = tz;
        assert.deepEqual(phrases.map(([locale, phrase]) => recognizeDateTime(phrase, locale, NOW, ZONE)), expected, tz);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('names itself when the time zone is unknown', () => {
    assert.throws(() => recognizeDateTime('tomorrow', 'en', NOW, 'Mars/Olympus'), /referenceTime\(\): .*Mars\/Olympus/);
  });
});
