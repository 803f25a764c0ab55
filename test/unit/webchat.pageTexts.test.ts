import assert from 'node:assert/strict';
import { KNOWN_LOCALES } from '../../bots/config';
import { PAGE_TEXTS, preferredLocale } from '../../channels/webchat/pageTexts';
import { templates } from '../../dialogs/locales';

describe('web chat page texts', () => {
  it('every language has every text of en.json, none empty, and Web Chat a locale of that language', () => {
    for (const locale of KNOWN_LOCALES) {
      const texts = PAGE_TEXTS[locale];
      assert.deepEqual(Object.keys(texts).sort(), Object.keys(PAGE_TEXTS.en).sort(), locale);
      assert.ok(Object.values(texts).every((text) => text.trim().length > 0), locale);
      assert.match(texts.webChatLocale, new RegExp(`^${locale}-[A-Z]{2}$`));
    }
  });

  it('the banner names the word for a person the bot itself tells customers to type', () => {
    const words = { en: '“agent”', de: '„Mitarbeiter“', pl: '„konsultant”' } as const;
    for (const locale of KNOWN_LOCALES) {
      assert.ok(PAGE_TEXTS[locale].banner.includes(words[locale]), locale);
      assert.ok(templates[locale].welcome.includes(words[locale].slice(1, -1)), `${locale} welcome`);
    }
  });

  const cases: [string | undefined, string][] = [
    ['de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7', 'de'],
    ['pl', 'pl'],
    ['fr-CH, fr;q=0.9, pl;q=0.8, de;q=0.7', 'pl'],
    ['en;q=0.5, de;q=0.8', 'de'],
    ['de;q=0, pl;q=0.1', 'pl'],
    ['PL_pl', 'pl'],
    ['fr, it', 'en'],
    ['*', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['de;q=abc, pl', 'pl'],
  ];
  for (const [header, locale] of cases) {
    it(`Accept-Language ${JSON.stringify(header)} → ${locale}`, () => assert.equal(preferredLocale(header, KNOWN_LOCALES, 'en'), locale));
  }

  it('only a supported language is chosen, else the default', () => {
    assert.equal(preferredLocale('pl-PL,de;q=0.5', ['en', 'de'], 'en'), 'de');
    assert.equal(preferredLocale('pl-PL', ['en', 'de'], 'de'), 'de');
  });
});
