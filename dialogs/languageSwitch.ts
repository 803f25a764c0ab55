import type { Locale } from '../bots/config';

/** What customers type to change language, in any of the three languages. */
const NAMES: Record<Locale, string[]> = {
  en: ['english', 'in english', 'englisch', 'auf englisch', 'angielski', 'po angielsku'],
  de: ['deutsch', 'auf deutsch', 'german', 'in german', 'niemiecki', 'po niemiecku', 'deutsch bitte'],
  pl: ['polski', 'po polsku', 'polish', 'in polish', 'polnisch', 'auf polnisch', 'polski proszę', 'polski prosze'],
};

/** The locale a message asks to switch to, or undefined when it is not such a request. */
export function requestedLocale(text: string, supported: readonly Locale[]): Locale | undefined {
  const said = text.trim().toLowerCase().replace(/[!.?,]+$/u, '').replace(/,?\s*(please|bitte)$/u, '');
  return supported.find((locale) => NAMES[locale].includes(said));
}
