import { KNOWN_LOCALES, type Locale } from '../../bots/config';
import { recognizeEmail, recognizePhone } from '../prompts';

/**
 * The contacts a message names, in the form bookings store them: an e-mail address in lower case,
 * or a phone number in E.164. A national number is read in the customer's locale first and then
 * in the others, because the booking may have been made in another language ("030 1234567" typed
 * in English after booking in German); each reading is a complete number, so nothing looser matches.
 */
export function contactsIn(text: string, locale: Locale): string[] {
  const email = recognizeEmail(text);
  if (email) return [email.toLowerCase()];
  const phones = [locale, ...KNOWN_LOCALES.filter((l) => l !== locale)].map((l) => recognizePhone(text, l));
  return [...new Set(phones.filter((p): p is string => p !== null))];
}

/** Whether the contact a booking was made with is one of `contacts` (e-mail case-insensitive, phone normalised). */
export function isBookingContact(stored: string, contacts: readonly string[]): boolean {
  const normalised = stored.includes('@') ? stored.trim().toLowerCase() : stored.trim();
  return contacts.includes(normalised);
}
