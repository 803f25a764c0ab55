import { recognizeNumber } from './numbers';
import { fold, type PromptLocale } from './text';
import { leven } from '@nlpjs/similarity';

/** One option of a button question: what the button says and other words customers use for it. */
export interface ChoiceOption {
  title: string;
  synonyms?: readonly string[];
}

/** What a customer's words picked: one option, several that fit equally, or none. */
export type ChoiceMatch = { index: number } | { ambiguous: number[] } | undefined;

/*
 * Written here rather than with botbuilder's findChoices/recognizeChoices: those match whole
 * tokens only (no stems for Polish endings, "konsultację" ≠ "konsultacja"; no German compounds,
 * "jacke" ≠ "regenjacke"), keep diacritics, and read ordinals through Recognizers-Text, which has
 * no Polish and returns nothing for German ordinals.
 */

const ORDINALS: Record<PromptLocale, [RegExp, number][]> = {
  // "just a second", "one second" are not the second option.
  en: [[/\b(first|1st)\b/u, 0], [/(?<!\b(?:a|one|just|wait)\s)\b(second|2nd)\b/u, 1], [/\b(third|3rd)\b/u, 2], [/\b(fourth|4th)\b/u, 3], [/\b(fifth|5th)\b/u, 4], [/\b(last|bottom)\b/u, -1]],
  de: [[/\berste[nrsm]?\b/u, 0], [/\bzweite[nrsm]?\b/u, 1], [/\bdritte[nrsm]?\b/u, 2], [/\bvierte[nrsm]?\b/u, 3], [/\bfunfte[nrsm]?\b/u, 4], [/\bletzte[nrsm]?\b/u, -1]],
  // Endings anchored: "czwartek" and "piatek" are days, not the fourth and fifth.
  pl: [[/\bpierwsz(a|y|e|ej|ego)\b/u, 0], [/\bdrug(a|i|ie|iej|iego)\b/u, 1], [/\btrzeci(a|e|ej|ego)?\b/u, 2], [/\bczwart(a|y|e|ej|ego)\b/u, 3], [/\bpiat(a|y|e|ej|ego)\b/u, 4], [/\bostatni(a|e|ej|ego)?\b/u, -1]],
};

/** Words that say nothing about which option: "the", "one", "please", "bitte", "prosze". */
const FILLER = new Set([
  'order', 'its', 'bestellung', 'zamowienie', 'zamowienia', 'zamowieniu',
  'the', 'a', 'an', 'one', 'please', 'pls', 'i', 'id', 'want', 'would', 'like', 'take', 'to', 'for', 'in', 'at', 'option', 'number', 'it', 'is', 'that', 'this', 'ok', 'okay', 'yes', 'my',
  'der', 'die', 'das', 'den', 'dem', 'ein', 'eine', 'einen', 'bitte', 'ich', 'mochte', 'nehme', 'in', 'im', 'nach', 'nummer', 'ja', 'gerne', 'gern',
  'ten', 'ta', 'to', 'te', 'prosze', 'poprosze', 'chce', 'chcialbym', 'chcialabym', 'w', 'we', 'do', 'numer', 'nr', 'tak', 'opcja', 'moze',
]);

function tokens(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/**
 * Words this long survive one typo after the first letter ("fiting", "konsultaton"); shorter ones
 * would match everyday words ("start" is one letter from "Stare Miasto").
 */
const TYPO_TOLERANT = 6;

/**
 * Same word up to an ending ("konsultacje"/"konsultacja"), the tail of a compound
 * ("jacke"/"regenjacke") or one typo in a long word ("fiting"/"fitting").
 */
function sameWord(said: string, option: string): boolean {
  if (said === option) return true;
  if (said.length < 4 || option.length < 4) return false;
  if (said.length >= TYPO_TOLERANT && option.length >= TYPO_TOLERANT && said[0] === option[0] && !/\d/u.test(said) && leven(said, option) <= 1) return true;
  let common = 0;
  while (common < said.length && common < option.length && said[common] === option[common]) common += 1;
  if (common >= Math.max(5, Math.min(said.length, option.length) - 2)) return true;
  return said.length >= 4 && option.endsWith(said);
}

/** The words of each option, without those every option shares ("min" in "30 min", "size"). */
function distinctiveWords(options: readonly ChoiceOption[]): string[][] {
  // A synonym of several words ("try on", "drop off") counts only whole (see byWords), never word by word.
  const words = options.map((o) => [...new Set([o.title, ...(o.synonyms ?? []).filter((s) => tokens(s).length === 1)].flatMap(tokens))]);
  const counts = new Map<string, number>();
  for (const list of words) for (const w of list) counts.set(w, (counts.get(w) ?? 0) + 1);
  return words.map((list) => list.filter((w) => options.length < 2 || (counts.get(w) ?? 0) < options.length));
}

function byWords(said: string[], options: readonly ChoiceOption[], allowNumbers: boolean): ChoiceMatch {
  const wordsOf = distinctiveWords(options);
  // Counted per word the customer said, so "consultation" is one point even though it fits "consult" too.
  const phrases = options.map((o) => (o.synonyms ?? []).map(tokens).filter((p) => p.length > 1));
  const scores = wordsOf.map(
    (words, i) =>
      said.filter((s) => words.some((w) => (allowNumbers || !/^\d+$/u.test(w)) && sameWord(s, w))).length +
      Math.max(0, ...(phrases[i] ?? []).filter((p) => containsPhrase(said, p)).map((p) => p.length)),
  );
  const best = Math.max(0, ...scores);
  if (best === 0) return undefined;
  const top = scores.flatMap((s, i) => (s === best ? [i] : []));
  return top.length === 1 ? { index: top[0] ?? 0 } : { ambiguous: top };
}

/** The option whose title or synonym is the whole answer (a pressed button), if any. */
export function exactChoice(text: string, options: readonly ChoiceOption[]): number | undefined {
  const said = tokens(text).join(' ');
  const found = options.findIndex((o) => [o.title, ...(o.synonyms ?? [])].some((name) => tokens(name).join(' ') === said));
  return found >= 0 ? found : undefined;
}

function whole(text: string, options: readonly ChoiceOption[]): ChoiceMatch {
  const found = exactChoice(text, options);
  return found === undefined ? undefined : { index: found };
}

function ordinal(text: string, count: number, locale: PromptLocale): number | undefined {
  const folded = fold(text);
  for (const [pattern, index] of ORDINALS[locale]) {
    if (pattern.test(folded)) return index < 0 ? count - 1 : index < count ? index : undefined;
  }
  return undefined;
}

/**
 * Reads an answer to a button question: the option's title or a synonym, whole or in part, case-
 * and diacritics-insensitive; "2", "nr 2", "zwei"; "the second one", "die letzte", "druga".
 */
export function matchAnswer(text: string, options: readonly ChoiceOption[], locale: PromptLocale): ChoiceMatch {
  const exact = whole(text, options);
  if (exact) return exact;
  const said = tokens(text).filter((t) => !FILLER.has(t));
  if (said.length <= 2) {
    const number = recognizeNumber(said.join(' '), locale);
    if (number !== null && Number.isInteger(number) && number >= 1 && number <= options.length && said.length === 1) return { index: number - 1 };
    const nth = ordinal(text, options.length, locale);
    if (nth !== undefined) return { index: nth };
  }
  // A whole synonym ("dont fit") outranks single shared words ("dont" is also in "dont want it").
  const phrase = findPhrase(text, options);
  if (phrase && 'index' in phrase) return phrase;
  const named = byWords(said, options, true);
  if (named) return named;
  // "Hi, number 2 would be great. Thanks, Tom": one number in a short message is the choice.
  const numbers = said.filter((t) => /^\d{1,2}$/u.test(t)).map(Number);
  const [only] = numbers;
  return numbers.length === 1 && only !== undefined && said.length <= 8 && only >= 1 && only <= options.length ? { index: only - 1 } : undefined;
}

/**
 * Finds an option named inside a longer sentence ("book a consultation in krakow on friday"):
 * only words, never numbers or ordinals, which in a sentence are times and dates.
 */
export function findMention(text: string, options: readonly ChoiceOption[]): ChoiceMatch {
  // Short words in a sentence ("on", "in", "do") are grammar, not names.
  return byWords(tokens(text).filter((t) => t.length >= 3 && !FILLER.has(t)), options, false);
}

function containsPhrase(said: string[], phrase: string[]): boolean {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= said.length; i += 1) {
    if (phrase.every((word, j) => sameWord(said[i + j] ?? '', word))) return true;
  }
  return false;
}

/**
 * Finds an option whose title or one of its synonyms occurs whole in a sentence ("it arrived
 * broken", "i want my money back"): stricter than `findMention`, for options whose single words
 * are too common ("item" in "wrong item", "size" in "wrong size").
 */
export function findPhrase(text: string, options: readonly ChoiceOption[]): ChoiceMatch {
  const said = tokens(text);
  const lengths = options.map((o) => Math.max(0, ...[o.title, ...(o.synonyms ?? [])].map(tokens).filter((p) => containsPhrase(said, p)).map((p) => p.length)));
  const best = Math.max(0, ...lengths);
  if (best === 0) return undefined;
  const top = lengths.flatMap((l, i) => (l === best ? [i] : []));
  return top.length === 1 ? { index: top[0] ?? 0 } : { ambiguous: top };
}
