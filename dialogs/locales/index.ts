import i18next, { type TOptions } from 'i18next';
import type { Locale } from '../../bots/config';
import de from './de.json';
import en from './en.json';
import pl from './pl.json';

/**
 * Texts a dialog folder brings, under the folder's name. The folder adds its own entry, so its
 * keys are checked at compile time like these files' keys:
 * `declare module '…/dialogs/locales' { interface DialogTexts { giftWrap: typeof en } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DialogTexts {}

type Texts = typeof en & DialogTexts;

/** Reply templates per locale (these files plus registered folders'); en is the reference every other locale must match key for key. */
export const templates: Record<Locale, Texts> = { en: { ...en }, de: { ...de }, pl: { ...pl } } as unknown as Record<Locale, Texts>;

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

type Leaf = Leaves<Texts>;

/**
 * The suffixes i18next gives a text's plural forms (Intl.PluralRules categories). English has only
 * `one` and `other`, and en.json is the reference, so those two name a plural key; German and
 * Polish add the forms their grammar needs (`few`, `many` in Polish).
 */
export const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

/** `handover.queued` for `handover.queued_one` and `handover.queued_other`. */
type WithoutPluralSuffix<K extends string> = K extends `${infer Base}_one` ? Base : K extends `${infer Base}_other` ? Base : K;

/** Every template key, checked at compile time against en.json and the registered folders' texts; a plural text goes by its base name. */
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

type TextTree = { readonly [key: string]: string | TextTree };

function leaves(tree: TextTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`)));
}

/** "askOrder" | "papers.red" | …: the keys of a texts file, nested ones joined with dots. */
export type TextKeys<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${TextKeys<T[K]>}` }[keyof T & string];

/** A registered folder's texts by their own keys: `say(locale, 'askOrder', { order })`. */
export type Translate<T> = (locale: Locale, key: TextKeys<T>, vars?: TemplateVars) => string;

/**
 * Adds a dialog folder's texts under `name` (`t(locale, 'giftWrap.ask')`, or through the returned
 * translator by the folder's own keys, which is how a package's user reaches texts the TextTemplates
 * type cannot know). Every locale must have every key the English texts have, so a missing
 * translation fails at start, not in a customer's conversation.
 */
export function registerTexts<T extends TextTree>(name: string, texts: Record<Locale, T>): Translate<T> {
  if (name in en) throw new Error(`registerTexts(): "${name}" is taken by the bot's own texts`);
  const reference = leaves(texts.en);
  const locales = Object.keys(templates) as Locale[];
  for (const locale of locales) {
    const own = new Set(leaves(texts[locale]));
    const missing = reference.filter((key) => !own.has(key));
    if (missing.length > 0) throw new Error(`registerTexts(): the ${locale} texts of "${name}" lack ${missing.join(', ')}`);
  }
  for (const locale of locales) {
    translator.addResourceBundle(locale, 'translation', { [name]: texts[locale] }, true, true);
    (templates[locale] as unknown as Record<string, TextTree>)[name] = texts[locale];
  }
  return (locale, key, vars) => {
    const path: string = `${name}.${key}`;
    return translator.t(path, { ...(vars ?? {}), lng: locale });
  };
}

/** " Anna" when the customer's name is known, "" otherwise, for templates like "Hello{{nameSuffix}}!". */
export function nameSuffix(name: string | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? ` ${trimmed}` : '';
}
