import type { Locale } from '../../bots/config';

export type PromptLocale = Locale;

/** A half-open range [start, end) of UTF-16 offsets into the text a recogniser was given. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Maps an activity's locale ("pl", "de-DE", "en_GB", undefined, "fr") to one the recognisers
 * support. Anything else falls back to English so a prompt never fails on a client's locale.
 */
export function promptLocale(raw: string | undefined): PromptLocale {
  const language = raw?.trim().toLowerCase().split(/[-_]/)[0];
  return language === 'de' || language === 'pl' ? language : 'en';
}

// NFD leaves ł whole (it is a distinct letter, not l plus a mark), so it is folded by hand.
const FOLDED_LETTERS: Record<string, string> = { ł: 'l' };

function foldChar(ch: string): string {
  const lower = ch.toLowerCase();
  const special = FOLDED_LETTERS[lower];
  if (special) return special;
  const stripped = lower.normalize('NFD').replace(/\p{M}/gu, '');
  // Offsets must survive folding (spans are reported against the original text), so a character
  // whose folded form is not exactly one code unit is kept as it was.
  return stripped.length === 1 ? stripped : lower.length === 1 ? lower : ch;
}

/**
 * Lower-cases and strips diacritics one code unit at a time, so "Środę" → "srode" with every
 * offset unchanged. Customers often type Polish and German without diacritics; our own rules
 * match the folded form and report spans that are valid in the original.
 */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) out += foldChar(text.charAt(i));
  return out;
}

/** Replaces each span with spaces, keeping offsets, so later recognisers skip what was taken. */
export function blank(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const { start, end } of spans) {
    out = out.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + out.slice(end);
  }
  return out;
}

/** Iterates every match of a global regex (matchAll requires the g flag; this says so once). */
export function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new Error(`matchesOf(): pattern ${String(pattern)} needs the g flag`);
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    found.push(m);
    if (m[0].length === 0) pattern.lastIndex += 1;
  }
  return found;
}
