import assert from 'node:assert/strict';
import { findMention, matchAnswer, type ChoiceOption } from '../../dialogs/prompts';
import type { PromptLocale } from '../../dialogs/prompts/text';

const services: Record<PromptLocale, ChoiceOption[]> = {
  en: [{ title: 'Consultation (30 min)' }, { title: 'Fitting (45 min)' }, { title: 'Repair drop-off (15 min)' }],
  de: [{ title: 'Beratung (30 Min.)' }, { title: 'Anprobe (45 Min.)' }, { title: 'Reparaturannahme (15 Min.)', synonyms: ['Reparatur'] }],
  pl: [{ title: 'Konsultacja (30 min)' }, { title: 'Przymiarka (45 min)' }, { title: 'Oddanie do naprawy (15 min)', synonyms: ['naprawa'] }],
};
const stores: ChoiceOption[] = [{ title: 'Berlin Mitte' }, { title: 'Kraków Stare Miasto', synonyms: ['Krakau', 'Cracow'] }];
const items: Record<PromptLocale, ChoiceOption[]> = {
  en: [{ title: 'Rain jacket, size M' }, { title: 'Hiking boots, size 41' }, { title: 'All of them', synonyms: ['both', 'all', 'everything'] }],
  de: [{ title: 'Regenjacke, Größe M' }, { title: 'Wanderschuhe, Größe 41' }, { title: 'Alle', synonyms: ['beide', 'alles'] }],
  pl: [{ title: 'Kurtka przeciwdeszczowa, rozmiar M' }, { title: 'Buty trekkingowe, rozmiar 41' }, { title: 'Wszystkie', synonyms: ['oba', 'obie', 'wszystko'] }],
};

// [locale, what the customer typed, options, the index it must pick]
const picks: [PromptLocale, string, ChoiceOption[], number][] = [
  ['en', 'consultation', services.en, 0],
  // One typo in a long word, as people type on a phone.
  ['en', 'a fiting please', services.en, 1],
  ['en', 'consultaton', services.en, 0],
  ['de', 'reperaturannahme', services.de, 2],
  ['pl', 'przymiarke', services.pl, 1],
  ['pl', 'przymierka', services.pl, 1],
  ['en', 'a fitting please', services.en, 1],
  ['en', 'REPAIR', services.en, 2],
  ['en', 'the second one', services.en, 1],
  ['en', 'the last one', services.en, 2],
  ['en', '2', services.en, 1],
  ['en', 'krakow please', stores, 1],
  ['en', 'stare miasto', stores, 1],
  ['en', 'mitte', stores, 0],
  ['en', 'the jacket', items.en, 0],
  ['en', 'the boots', items.en, 1],
  ['en', 'both', items.en, 2],
  ['de', 'beratung', services.de, 0],
  ['de', 'die erste', services.de, 0],
  ['de', 'die letzte bitte', services.de, 2],
  ['de', 'zwei', services.de, 1],
  ['de', 'reparatur', services.de, 2],
  ['de', 'krakau', stores, 1],
  ['de', 'die jacke', items.de, 0],
  ['de', 'die schuhe', items.de, 1],
  ['de', 'alle', items.de, 2],
  ['pl', 'konsultacje', services.pl, 0],
  ['pl', 'przymiarke prosze', services.pl, 1],
  ['pl', 'naprawa', services.pl, 2],
  ['pl', 'druga', services.pl, 1],
  ['pl', 'ostatnia', services.pl, 2],
  ['pl', 'krakow', stores, 1],
  ['pl', 'kurtke', items.pl, 0],
  ['pl', 'buty', items.pl, 1],
  ['pl', 'wszystkie', items.pl, 2],
];

describe('choices in the customer’s own words', () => {
  for (const [locale, said, options, index] of picks) {
    it(`${locale}: "${said}" → ${options[index]?.title ?? '?'}`, () => {
      assert.deepEqual(matchAnswer(said, options, locale), { index });
    });
  }

  it('asks which when two options fit equally ("size" is in both, "m" and "41" are not)', () => {
    const shirts: ChoiceOption[] = [{ title: 'Blue shirt, size M' }, { title: 'Blue shirt, size L' }, { title: 'Red cap' }];
    assert.deepEqual(matchAnswer('the blue shirt', shirts, 'en'), { ambiguous: [0, 1] });
    assert.deepEqual(matchAnswer('blue shirt in l', shirts, 'en'), { index: 1 });
  });

  it('one typo is forgiven only in long words: short words and other words stay apart', () => {
    const cities: ChoiceOption[] = [{ title: 'Berlin' }, { title: 'Bremen' }];
    assert.deepEqual(matchAnswer('berlim', cities, 'en'), { index: 0 });
    assert.deepEqual(matchAnswer('breman', cities, 'en'), { index: 1 });
    assert.equal(matchAnswer('bern', cities, 'en'), undefined, 'two letters off is another word');
    const shops: ChoiceOption[] = [{ title: 'Berlin Mitte' }, { title: 'Kraków Stare Miasto' }];
    assert.equal(findMention('i want to start a return instead', shops), undefined, '"start" is not "stare"');
  });

  it('matches nothing for words that name no option, a number out of range or an empty answer', () => {
    for (const said of ['zzz', 'maybe', '7', 'the tenth one', '']) assert.equal(matchAnswer(said, services.en, 'en'), undefined, said);
    assert.equal(matchAnswer('nie wiem', services.pl, 'pl'), undefined);
  });

  it('days and idioms are not ordinals ("a w czwartek?", "just a second"), a number in a short sentence is', () => {
    const four: ChoiceOption[] = [{ title: 'pon., 23 lis, 10:00' }, { title: 'wt., 24 lis, 10:00' }, { title: 'śr., 25 lis, 10:00' }, { title: 'Inny termin' }];
    assert.equal(matchAnswer('a w czwartek?', four, 'pl'), undefined);
    assert.equal(matchAnswer('w piatek', four, 'pl'), undefined);
    assert.equal(matchAnswer('just a second', services.en, 'en'), undefined);
    assert.deepEqual(matchAnswer('Hi, number 2 would be great. Thanks, Tom', services.en, 'en'), { index: 1 });
  });

  it('finds options named inside a sentence but never takes a time or date for an option number', () => {
    assert.deepEqual(findMention('book a consultation in krakow on friday at 10', services.en), { index: 0 });
    assert.deepEqual(findMention('book a consultation in krakow on friday at 10', stores), { index: 1 });
    assert.equal(findMention('something on the 2nd at 3', services.en), undefined);
    assert.equal(findMention('at 10:30 please', services.en), undefined);
    assert.deepEqual(findMention('ich moechte eine anprobe in berlin am freitag', services.de), { index: 1 });
    assert.deepEqual(findMention('chcialabym umowic konsultacje w krakowie', stores), { index: 1 });
  });
});
