import { findEmail } from '../prompts/contact';
import { fold, matchesOf } from '../prompts/text';
import { CODE_ALPHABET, CODE_LENGTH } from './bookingService';

export interface CodeReading {
  /**
   * The customer was asked for their code: a word of six letters (or digits) alone counts too.
   * Otherwise only a mix of letters and digits, or a word right after "code"/"Nummer"/"kod", does,
   * so "thanks" or "termin" in a sentence is not taken for one.
   */
  expecting?: boolean;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

interface Candidate {
  code: string;
  /** Letters and digits mixed (K7P3QX, ABC123): a code wherever it stands. */
  mixed: boolean;
  /** Index of its first token, to look for a code word before it. */
  first: number;
  /** How many tokens it is made of. */
  length: number;
  /** Made of a number with its unit or a short word ("the 3rd", "10am"): a code only when given alone. */
  wordy: boolean;
}

/** Words that announce a code; what follows within a few words is one even without digits. */
const CODE_WORDS = new Set(['code', 'ref', 'reference', 'number', 'nr', 'buchungscode', 'buchungsnummer', 'nummer', 'referenz', 'kod', 'kodem', 'kodu', 'numer', 'numerem', 'numeru']);
const CODE_WORD_REACH = 3;
/** The booking itself ("my booking kxtrpw", "termin kxtrpw", "wizyte kxtrpw"): only the word right after it can be the code. */
const BOOKING_WORDS = new Set(['booking', 'appointment', 'reservation', 'buchung', 'termin', 'reservierung', 'wizyta', 'wizyte', 'wizyty', 'rezerwacja', 'rezerwacje', 'rezerwacji']);
/** Six-letter words made of the code alphabet that customers type for other reasons ("thanks", "anuluj"). */
const NEVER_A_CODE = new Set([
  'thanks', 'please', 'cheers', 'cancel', 'change', 'number', 'status', 'sunday', 'return', 'refund',
  'nummer', 'buchen', 'danach', 'andern', 'machen', 'planen', 'fragen', 'absage',
  'anuluj', 'zmiana',
]);
/** What may stand around a code given alone as an answer ("its kxtrpw thanks", "der code ist kxtrpw", "kod to kxtrpw"). */
const AROUND_AN_ANSWER = new Set([
  'it', 'its', 's', 'is', 'the', 'my', 'here', 'sure', 'ok', 'okay', 'yes', 'thanks', 'thank', 'you', 'please', 'booking',
  'ja', 'der', 'mein', 'ist', 'lautet', 'hier', 'danke', 'bitte', 'klar',
  'to', 'moj', 'tak', 'dzieki', 'dziekuje', 'prosze', 'oto', 'rezerwacji',
  ...CODE_WORDS,
]);
/** "10am", "3rd", "45min", "20euro": a number with its unit is not a code. */
const NUMBER_WITH_UNIT = /^\d+(?:st|nd|rd|th|am|pm|h|hrs?|min|mins|uhr|eur|euro|zl|pln|km|kg|cm|mm|ml|gb|x|te[nrs]?|go|ej)$/u;
/** Short words that stand before a number in a sentence ("the 3rd", "mon 930", "fri 10am"), never half a code. */
const NOT_HALF_A_CODE = new Set(['the', 'and', 'for', 'are', 'can', 'any', 'all', 'day', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'der', 'die', 'das', 'und', 'ist', 'ein', 'bis', 'uhr', 'dla', 'nie', 'czy', 'jak', 'pod', 'nad']);
/** Seven or more digits in a row, with the spaces and dashes people put in phone numbers. */
const DIGIT_RUN = /\+?\d(?:[\s\-./()]*\d){6,}/gu;
const TOKEN = /[\p{L}\p{N}]+/gu;
const ASCII_ALNUM = /^[a-z0-9]+$/u;
const VALID = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`, 'u');

function blanked(text: string, pattern: RegExp): string {
  return text.replace(pattern, (found) => ' '.repeat(found.length));
}

/** The text with e-mail addresses and phone numbers blanked: "anna.k7@example.com" holds no code. */
function withoutContacts(text: string): string {
  let rest = text;
  for (let email = findEmail(rest); email; email = findEmail(rest)) rest = rest.slice(0, email.start) + ' '.repeat(email.end - email.start) + rest.slice(email.end);
  return blanked(rest, DIGIT_RUN);
}

function kind(text: string): 'letters' | 'digits' | 'mixed' {
  if (/^\d+$/u.test(text)) return 'digits';
  return /\d/u.test(text) ? 'mixed' : 'letters';
}

/** A token that reads as a number with a unit or a short sentence word ("its h3z k9w"), which no code is made of. */
function sentencePart(token: string): boolean {
  return NUMBER_WITH_UNIT.test(token) || NOT_HALF_A_CODE.has(token) || AROUND_AN_ANSWER.has(token);
}

/** Six characters as people type a code: "k7p3qx", "K7P 3QX", "k7p-3qx", "K7-P3-QX", "k 7 p 3 q x". */
function candidates(tokens: readonly Token[], text: string): Candidate[] {
  const found: Candidate[] = [];
  const gap = (i: number) => text.slice(tokens[i - 1]?.end ?? 0, tokens[i]?.start ?? 0);
  const add = (parts: Token[], first: number) => {
    const code = parts.map((p) => p.text).join('');
    if (code.length !== CODE_LENGTH || !ASCII_ALNUM.test(code)) return;
    const wordy = parts.length > 1 ? parts.some((p) => sentencePart(p.text)) : NUMBER_WITH_UNIT.test(code);
    found.push({ code: code.toUpperCase(), mixed: kind(code) === 'mixed', first, length: parts.length, wordy });
  };
  tokens.forEach((token, i) => {
    add([token], i);
    const next = tokens[i + 1];
    // Two halves of three, with a space or a dash between ("abc 123", "ABC-123", "abc - 123").
    if (next && token.text.length === 3 && next.text.length === 3 && /^\s?-?\s?$/u.test(gap(i + 1)) && gap(i + 1).length > 0) add([token, next], i);
    // Groups joined by dashes only ("K7-P3-QX"), or single characters by spaces ("k 7 p 3 q x").
    for (const joiner of ['-', ' ']) {
      const chain = [token];
      while (chain.length < CODE_LENGTH && gap(i + chain.length) === joiner && tokens[i + chain.length]) chain.push(tokens[i + chain.length] as Token);
      if (chain.length < 2 || (joiner === ' ' && chain.some((p) => p.text.length !== 1))) continue;
      add(chain, i);
    }
  });
  return found;
}

/**
 * The booking code in a customer's message, upper case, or undefined: read anywhere in the
 * message, in any case, with the spaces and dashes people type. A code of letters or digits alone
 * (one in five has no digit) counts after a code word or "booking", typed in capitals in a message
 * that is not, or when the customer was asked for it; it must then use the code alphabet. A code with 0, 1, I or O is still read: it is simply not found.
 */
export function readBookingCode(text: string, reading: CodeReading = {}): string | undefined {
  const folded = fold(withoutContacts(text));
  const tokens = matchesOf(TOKEN, folded).map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const found = candidates(tokens, folded);
  const mixed = found.find((c) => c.mixed && !c.wordy);
  if (mixed) return mixed.code;
  const plain = found.filter((c) => (c.mixed || VALID.test(c.code)) && !NEVER_A_CODE.has(c.code.toLowerCase()));
  const announced = plain.find((c) => tokens.slice(Math.max(0, c.first - CODE_WORD_REACH), c.first).some((t) => CODE_WORDS.has(t.text)) || BOOKING_WORDS.has(tokens[c.first - 1]?.text ?? ''));
  if (announced) return announced.code;
  // Copied from the confirmation, a code keeps its capitals ("its KXTRPW"); a message in capitals throughout says nothing.
  const copied = text !== text.toUpperCase() ? plain.find((c) => c.length === 1 && /^[A-Z]+$/u.test(text.slice(tokens[c.first]?.start, tokens[c.first]?.end))) : undefined;
  if (copied) return copied.code;
  if (!reading.expecting) return undefined;
  // Given alone: every other word of the message is one that goes with an answer.
  const alone = plain.find((c) => tokens.every((t, i) => (i >= c.first && i < c.first + c.length) || AROUND_AN_ANSWER.has(t.text)));
  return alone?.code;
}
