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
export const templates: Record<Locale, Texts> = { en: { ...en }, de: { ...de }, pl: { ...pl } } as Record<Locale, Texts>;

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every template key, checked at compile time against en.json and the registered folders' texts. */
export type TemplateKey = Leaves<Texts>;

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

/** The reply text for `key` in `locale`, with `{{vars}}` filled in. */
export function t(locale: Locale, key: TemplateKey, vars: TemplateVars = {}): string {
  return translator.t(key, { ...vars, lng: locale });
}

type TextTree = { readonly [key: string]: string | TextTree };

function leaves(tree: TextTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`)));
}

/**
 * Adds a dialog folder's texts under `name` (`t(locale, 'giftWrap.ask')`). Every locale must have
 * every key the English texts have, so a missing translation fails at start, not in a customer's
 * conversation.
 */
export function registerTexts(name: string, texts: Record<Locale, TextTree>): void {
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
}

/** " Anna" when the customer's name is known, "" otherwise, for templates like "Hello{{nameSuffix}}!". */
export function nameSuffix(name: string | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? ` ${trimmed}` : '';
}
