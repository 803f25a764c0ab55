import { emailAddresses } from './recognizerModels';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import type { PromptLocale, Span } from './text';

export interface TextMatch extends Span {
  value: string;
}

/**
 * The country a national number ("030 1234567", "601 234 567") is read in, per locale. English
 * maps to GB rather than US because the shop sells in Europe (Berlin time zone, German and Polish
 * customers); numbers with a + or 00 prefix are read in their own country whatever the locale.
 */
export const DEFAULT_PHONE_COUNTRY: Readonly<Record<PromptLocale, CountryCode>> = { en: 'GB', de: 'DE', pl: 'PL' };

/** The first e-mail address in `text`, or null. */
export function recognizeEmail(text: string): string | null {
  return findEmail(text)?.value ?? null;
}

export function findEmail(text: string): TextMatch | null {
  // The e-mail model is culture-independent; English is simply the one every build ships.
  for (const result of emailAddresses(text)) {
    if (typeof result !== 'object' || result === null) continue;
    const { start, end, resolution } = result as { start?: unknown; end?: unknown; resolution?: unknown };
    if (typeof start !== 'number' || typeof end !== 'number' || typeof resolution !== 'object' || resolution === null) continue;
    // The resolution is lower-cased; the local part of an address may not be, so keep the text as
    // typed (the reported end is inclusive). A sentence's full stop is not part of the address.
    const value = text.slice(start, end + 1).replace(/[.]+$/, '');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) continue;
    return { start, end: start + value.length, value };
  }
  return null;
}

const NUMERIC_DATE = /^\d{1,2}[./]\d{1,2}[./]\d{2,4}$/;

/** The first valid phone number in `text`, in E.164 ("+4930123456"), or null. */
export function recognizePhone(text: string, locale: PromptLocale): string | null {
  return findPhone(text, locale)?.value ?? null;
}

export function findPhone(text: string, locale: PromptLocale): TextMatch | null {
  // The "max" metadata checks number ranges, not just lengths, so "12345" is not taken for a
  // German number; it costs a larger bundle, which a server does not mind.
  const found = findPhoneNumbersInText(text, { defaultCountry: DEFAULT_PHONE_COUNTRY[locale] });
  for (const { number, startsAt, endsAt } of found) {
    // "03.03.2027" is also a valid German landline number; a customer means the date.
    if (NUMERIC_DATE.test(text.slice(startsAt, endsAt).trim())) continue;
    if (number.isValid()) return { start: startsAt, end: endsAt, value: number.number };
  }
  return null;
}
