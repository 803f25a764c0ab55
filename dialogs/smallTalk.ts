import type { Locale } from '../bots/config';
import { fold } from './prompts/text';

export type SmallTalk = 'thanks' | 'bye' | 'ok';

/** Whole-message politeness per kind; every word of a message must be one of these ("ok thanks bye"). */
const WORDS: Record<SmallTalk, string[]> = {
  thanks: ['thanks', 'thank', 'you', 'thx', 'ty', 'cheers', 'much', 'many', 'lot', 'a', 'very', 'danke', 'dankeschon', 'schon', 'vielen', 'dank', 'merci', 'dzieki', 'dziekuje', 'wielkie', 'bardzo', 'serdeczne'],
  bye: ['bye', 'goodbye', 'see', 'later', 'have', 'nice', 'day', 'good', 'night', 'tschuss', 'tschuess', 'ciao', 'auf', 'wiedersehen', 'bis', 'dann', 'schonen', 'tag', 'do', 'widzenia', 'na', 'razie', 'pa', 'papa', 'milego', 'dnia'],
  ok: ['ok', 'okay', 'okey', 'k', 'alright', 'all', 'right', 'cool', 'great', 'perfect', 'fine', 'got', 'it', 'nice', 'sure', 'super', 'alles', 'klar', 'gut', 'prima', 'passt', 'verstanden', 'in', 'ordnung', 'okej', 'dobrze', 'spoko', 'jasne', 'w', 'porzadku', 'rozumiem', 'swietnie', 'git', 'just', 'second', 'sec', 'moment', 'wait', 'minute', 'one', 'sekunde', 'augenblick', 'kurz', 'chwileczke', 'chwila', 'sekundke'],
};
/** Words that make a message a thank-you or goodbye rather than a plain "ok". */
const MARKERS: Record<Exclude<SmallTalk, 'ok'>, string[]> = {
  thanks: ['thanks', 'thank', 'thx', 'ty', 'cheers', 'danke', 'dankeschon', 'dank', 'merci', 'dzieki', 'dziekuje'],
  bye: ['bye', 'goodbye', 'later', 'night', 'tschuss', 'tschuess', 'ciao', 'wiedersehen', 'widzenia', 'razie', 'pa', 'papa', 'dnia'],
};
const ALL = new Set(Object.values(WORDS).flat());
// Not \p{Emoji_Component}: it includes the digits, and "100377" is an order number.
const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\u200d|\ufe0f|\s)+$/u;
const THANKS_EMOJI = /🙏|❤|😍|🥰/u;

/**
 * Thanks, goodbye, "ok" and emoji: messages that want a friendly word, not a task. The locale does
 * not matter (customers mix "ok danke"); undefined for anything with a word of its own.
 */
export function smallTalk(text: string, _locale?: Locale): SmallTalk | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (EMOJI_ONLY.test(trimmed)) return THANKS_EMOJI.test(trimmed) ? 'thanks' : 'ok';
  const words = fold(trimmed).replace(/\p{Extended_Pictographic}|\u200d|\ufe0f/gu, ' ').split(/[^\p{L}]+/u).filter(Boolean);
  if (words.length === 0 || words.length > 8 || !words.every((w) => ALL.has(w))) return undefined;
  if (words.some((w) => MARKERS.bye.includes(w))) return 'bye';
  if (words.some((w) => MARKERS.thanks.includes(w))) return 'thanks';
  return 'ok';
}

const LEAD_IN = /^(?:ok(?:ay|ej)?|alright|great|thanks|thank you|danke|dzieki|super|gut|dobrze|wait|moment|czekaj|hmm|actually|then|dann|potem|no)[\s,.!:;-]+(?:(?:and|und|a|so|also|dann|then|potem|to|noch)[\s,.!:;-]+)?/u;

const GREETING = /^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|hallo|hi zusammen|guten (?:morgen|tag|abend)|moin|servus|gr(?:ue|u|ü)(?:ss|ß) gott|czesc|hej|witam|witaj|dzien dobry|dobry wieczor)(?: there)?[\s,.!:;-]+/u;

/** "hi", "Guten Morgen!", "dzien dobry :)": a greeting and nothing else, which needs no NLU to read. */
export function onlyGreeting(text: string): boolean {
  const folded = `${fold(text.trim())} `;
  const match = GREETING.exec(folded);
  return match !== null && !/[\p{L}\p{N}]/u.test(folded.slice(match[0].length));
}

/**
 * "dzien dobry, chcialabym konsultacje w krakowie" → "chcialabym konsultacje w krakowie": a greeting
 * in front of a request of two words or more (the NLU would read the whole as a greeting).
 */
export function withoutGreeting(text: string): string {
  const folded = fold(text.trim());
  const match = GREETING.exec(folded);
  if (!match) return text;
  const rest = text.trim().slice(match[0].length);
  return rest.split(/\s+/u).filter(Boolean).length >= 2 ? rest : text;
}

/** "ok and can i book a fitting" → "can i book a fitting": what is left for the NLU to read. */
export function withoutLeadIn(text: string): string {
  const folded = fold(text.trim());
  const match = LEAD_IN.exec(folded);
  // fold() keeps offsets, so the folded match's length cuts the original.
  return match && match[0].length < folded.length ? text.trim().slice(match[0].length) : text;
}
