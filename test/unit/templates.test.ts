import assert from 'node:assert/strict';
import '../../dialogs';
import { PLURAL_SUFFIXES, t, templates, type TemplateKey } from '../../dialogs/locales';

type Tree = { [key: string]: string | Tree };
type Locale = keyof typeof templates;

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] => (typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`)));
}

const PLURAL_FORM = new RegExp(`^(.+)_(${PLURAL_SUFFIXES.join('|')})$`, 'u');

/** Each template by its base key; a plain text has the one form '', a plural text one per plural category. */
function byBaseKey(locale: Locale): Map<string, Map<string, string>> {
  const keys = new Map<string, Map<string, string>>();
  for (const [key, text] of leaves(templates[locale] as unknown as Tree)) {
    const [, base = key, form = ''] = PLURAL_FORM.exec(key) ?? [];
    keys.set(base, (keys.get(base) ?? new Map<string, string>()).set(form, text));
  }
  return keys;
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? ''))].sort();
const categories = (locale: Locale) => [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();
/** The English form a locale's form translates: `one` is one, every other category is English `other`. */
const englishForm = (form: string) => (form === '' ? '' : form === 'one' ? 'one' : 'other');

describe('reply templates', () => {
  const en = byBaseKey('en');
  const plural = [...en].filter(([, forms]) => !forms.has('')).map(([key]) => key);

  it('en writes every plural text in its two forms, one and other', () => {
    for (const key of plural) assert.deepEqual([...(en.get(key)?.keys() ?? [])].sort(), categories('en'), key);
  });

  for (const locale of ['de', 'pl'] as const) {
    const texts = byBaseKey(locale);
    it(`${locale} has exactly the keys of en, each plural one in every form ${locale} has (${categories(locale).join(', ')})`, () => {
      assert.deepEqual([...texts.keys()].sort(), [...en.keys()].sort());
      for (const [key, forms] of texts) {
        assert.deepEqual([...forms.keys()].sort(), plural.includes(key) ? categories(locale) : [''], key);
      }
    });
  }

  for (const locale of ['en', 'de', 'pl'] as const) {
    it(`${locale} uses the placeholders of en in every template and plural form`, () => {
      for (const [key, forms] of byBaseKey(locale)) {
        for (const [form, text] of forms) {
          const reference = en.get(key)?.get(englishForm(form)) ?? '∅';
          // "one" may spell its number out ("a minute"); every other form must show it.
          const withoutCount = (names: string[]) => names.filter((name) => form !== 'one' || name !== 'count');
          assert.deepEqual(withoutCount(placeholders(text)), withoutCount(placeholders(reference)), `${locale} ${key} ${form}`);
        }
      }
    });
  }
});

/**
 * What each plural text says for 1, 2, 5 and 22 (Polish: one, few, many, few again), as a
 * fragment that must stand on its own in the text (not followed by more letters: "5 minut" is
 * not found in "5 minuty").
 */
const FORMS: Record<string, Record<Locale, [string, string, string, string]>> = {
  'handover.queued': {
    en: ['within 1 minute', 'within 2 minutes', 'within 5 minutes', 'within 22 minutes'],
    de: ['innerhalb von 1 Minute', 'innerhalb von 2 Minuten', 'innerhalb von 5 Minuten', 'innerhalb von 22 Minuten'],
    pl: ['przez 1 minutę', 'przez 2 minuty', 'przez 5 minut', 'przez 22 minuty'],
  },
  'handover.summaryRetry': {
    en: ['up to 1 character', 'up to 2 characters', 'up to 5 characters', 'up to 22 characters'],
    de: ['bis zu 1 Zeichen', 'bis zu 2 Zeichen', 'bis zu 5 Zeichen', 'bis zu 22 Zeichen'],
    pl: ['do 1 znaku', 'do 2 znaków', 'do 5 znaków', 'do 22 znaków'],
  },
  'returns.nothingEligible': {
    en: ['The item in this order', 'None of the items', 'None of the items', 'None of the items'],
    de: ['Der Artikel dieser Bestellung', 'Keiner der Artikel', 'Keiner der Artikel', 'Keiner der Artikel'],
    pl: ['Produktu z tego zamówienia', 'Żadnego produktu', 'Żadnego produktu', 'Żadnego produktu'],
  },
  'returns.notAllEligible': {
    en: ['This item cannot', 'These items cannot', 'These items cannot', 'These items cannot'],
    de: ['Dieser Artikel kann', 'Diese Artikel können', 'Diese Artikel können', 'Diese Artikel können'],
    pl: ['Tego produktu', 'Tych produktów', 'Tych produktów', 'Tych produktów'],
  },
  'returns.why.window': {
    en: ['1 day after delivery', '2 days after delivery', '5 days after delivery', '22 days after delivery'],
    de: ['1 Tag ab Lieferung', '2 Tagen ab Lieferung', '5 Tagen ab Lieferung', '22 Tagen ab Lieferung'],
    pl: ['1 dzień od dostawy', '2 dni od dostawy', '5 dni od dostawy', '22 dni od dostawy'],
  },
  'returns.askReason': {
    en: ['return "Tent"', 'these 2 items', 'these 5 items', 'these 22 items'],
    de: ['Sie „Tent“ zurückgeben', 'diese 2 Artikel', 'diese 5 Artikel', 'diese 22 Artikel'],
    pl: ['zwrotu produktu „Tent”', 'tych 2 produktów', 'tych 5 produktów', 'tych 22 produktów'],
  },
  'returns.confirm': {
    en: ['return of "Tent"', 'these 2 items', 'these 5 items', 'these 22 items'],
    de: ['Rücksendung von „Tent“', 'dieser 2 Artikel', 'dieser 5 Artikel', 'dieser 22 Artikel'],
    pl: ['zwrot produktu „Tent”', 'tych 2 produktów', 'tych 5 produktów', 'tych 22 produktów'],
  },
  'returns.created': {
    en: ['within 1 working day', 'within 2 working days', 'within 5 working days', 'within 22 working days'],
    de: ['innerhalb von 1 Werktag', 'innerhalb von 2 Werktagen', 'innerhalb von 5 Werktagen', 'innerhalb von 22 Werktagen'],
    pl: ['w ciągu 1 dnia roboczego', 'w ciągu 2 dni roboczych', 'w ciągu 5 dni roboczych', 'w ciągu 22 dni roboczych'],
  },
  'returns.refusedAtCreate': {
    en: ['the item already has a return', 'one of the items already has a return', 'one of the items already has a return', 'one of the items already has a return'],
    de: ['Für den Artikel gibt es schon', 'Für einen der Artikel gibt es schon', 'Für einen der Artikel gibt es schon', 'Für einen der Artikel gibt es schon'],
    pl: ['dla tego produktu zwrot już istnieje', 'dla jednego z produktów zwrot już istnieje', 'dla jednego z produktów zwrot już istnieje', 'dla jednego z produktów zwrot już istnieje'],
  },
  'faq.retention.days': {
    en: ['1 day', '2 days', '5 days', '22 days'],
    de: ['1 Tag', '2 Tage', '5 Tage', '22 Tage'],
    pl: ['1 dzień', '2 dni', '5 dni', '22 dni'],
  },
  'returns.createdExchange': {
    en: ['the replacement', 'the replacements', 'the replacements', 'the replacements'],
    de: ['Den Ersatz', 'Den Ersatz', 'Den Ersatz', 'Den Ersatz'],
    pl: ['Produkt na wymianę', 'Produkty na wymianę', 'Produkty na wymianę', 'Produkty na wymianę'],
  },
};

const standingAlone = (fragment: string) => new RegExp(`(?<![\\p{L}\\d])${fragment.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}(?![\\p{L}\\d])`, 'u');
const VALUES = { position: 3, item: 'Tent', items: 'Tent', resolution: 'Refund', rma: 'RMA-123456', wanted: '', contact: '' };

describe('plural texts', () => {
  const pluralKeys = [...byBaseKey('en')].filter(([, forms]) => !forms.has('')).map(([key]) => key).sort();

  it('every plural text of en is covered below (a new one adds its forms to FORMS)', () => {
    assert.deepEqual(pluralKeys, Object.keys(FORMS).sort());
  });

  for (const locale of ['en', 'de', 'pl'] as const) {
    it(`${locale}: each plural text takes the right form for 1, 2, 5 and 22`, () => {
      for (const [key, expected] of Object.entries(FORMS)) {
        [1, 2, 5, 22].forEach((count, i) => {
          const text = t(locale, key as TemplateKey, { ...VALUES, count });
          assert.match(text, standingAlone(expected[locale][i] ?? '∅'), `${locale} ${key} count=${count}`);
          assert.doesNotMatch(text, /\{\{|_(?:one|few|many|other)\b/u, `${locale} ${key} count=${count} is filled in`);
        });
      }
    });
  }
});

// Checked by `tsc` over the tests: a plural text goes by its base name and must be given its count.
export function compileTimeChecks(): string[] {
  return [
    t('pl', 'handover.queued', { position: 1, count: 5 }),
    // @ts-expect-error a plural text without its count
    t('pl', 'handover.queued', { position: 1 }),
    // @ts-expect-error a form's own key is not for callers
    t('pl', 'handover.queued_one', { position: 1, count: 1 }),
    // @ts-expect-error a key en.json does not have
    t('pl', 'handover.noSuchText'),
  ];
}
