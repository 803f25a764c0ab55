import type { Locale } from '../../bots/config';
import { t } from '../locales';
import { recognizeEmail, recognizePhone } from '../prompts';
import { fold } from '../prompts/text';
import type { CustomerContact } from './ticket';
import './texts';

/** What the customer answered to "how can we reach you?": an address or number, a no, or neither. */
export type ContactAnswer = CustomerContact | 'declined' | undefined;

const TRAILING = /[\s!.,;:)(-]+$/u;
const LEADING = /^[\s!.,;:)(-]+/u;
// "ok", "thanks", "sorry" around the no: "no thanks, i'll check back", "ok nein danke".
const COURTESY = /^(?:ok|okay|ah|hm+|sorry|sry|nah)[\s,]+/u;

function declines(text: string, locale: Locale): boolean {
  const folded = fold(text).replace(COURTESY, '').replace(LEADING, '').replace(TRAILING, '');
  const words = [...t(locale, 'handover.noContactWords').split('|'), fold(t(locale, 'handover.noThanks'))].map((word) => fold(word).trim());
  // A no at the start of the sentence ("no thanks, i'll come back tomorrow"), not a no somewhere in it.
  return words.some((word) => folded === word || folded.startsWith(`${word} `) || folded.startsWith(`${word},`));
}

/**
 * Reads the answer: an e-mail address first (so "no, use anna@example.com" is the address), then a
 * phone number in the locale's country, then a no in the customer's words or the button's.
 */
export function readContactAnswer(text: string, locale: Locale): ContactAnswer {
  const email = recognizeEmail(text);
  if (email) return { kind: 'email', value: email };
  const phone = recognizePhone(text, locale);
  if (phone) return { kind: 'phone', value: phone };
  return declines(text, locale) ? 'declined' : undefined;
}
