import i18next, { type TOptions } from 'i18next';
import type { Locale } from '../../bots/config';
import de from './de.json';
import en from './en.json';
import pl from './pl.json';

/** Reply templates per locale; en.json is the reference every other locale must match key for key. */
export const templates = { en, de, pl } as const;

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

type Leaf = Leaves<typeof en>;

/**
 * The suffixes i18next gives a text's plural forms (Intl.PluralRules categories). English has only
 * `one` and `other`, and en.json is the reference, so those two name a plural key; German and
 * Polish add the forms their grammar needs (`few`, `many` in Polish).
 */
export const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

/** `handover.queued` for `handover.queued_one` and `handover.queued_other`. */
type WithoutPluralSuffix<K extends string> = K extends `${infer Base}_one` ? Base : K extends `${infer Base}_other` ? Base : K;

/** Every template key, checked at compile time against en.json; a plural text goes by its base name. */
export type TemplateKey = WithoutPluralSuffix<Leaf>;

/** Keys whose text has plural forms: they need a `count`. */
export type PluralKey = Leaf extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

const translator = i18next.createInstance();
void translator.init({
  // Resources are bundled, so initialisation is synchronous and `t` is usable at import time.
  initAsync: false,
  resources: { en: { translation: en }, de: { translation: de }, pl: { translation: pl } },
  lng: 'en',
  fallbackLng: 'en',
  // Renderers escape for their platform (HTML for Telegram and email); escaping here would double it.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type TemplateVars = TOptions & Record<string, string | number>;

/** A plural key must be given its `count` (the number its form depends on); other keys may take any values. */
type VarsFor<K extends TemplateKey> = K extends PluralKey ? [vars: TemplateVars & { count: number }] : [vars?: TemplateVars];

/**
 * The reply text for `key` in `locale`, with `{{vars}}` filled in. For a plural key, `count` picks
 * the form by the locale's plural rules ("1 minutę", "2 minuty", "5 minut") and fills `{{count}}`.
 */
export function t<K extends TemplateKey>(locale: Locale, key: K, ...[vars]: VarsFor<K>): string {
  const name: string = key;
  return translator.t(name, { ...(vars ?? {}), lng: locale });
}

/** " Anna" when the customer's name is known, "" otherwise, for templates like "Hello{{nameSuffix}}!". */
export function nameSuffix(name: string | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? ` ${trimmed}` : '';
}
