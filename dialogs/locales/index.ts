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

/** Every template key, checked at compile time against en.json. */
export type TemplateKey = Leaves<typeof en>;

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

/** " Anna" when the customer's name is known, "" otherwise, for templates like "Hello{{nameSuffix}}!". */
export function nameSuffix(name: string | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? ` ${trimmed}` : '';
}
