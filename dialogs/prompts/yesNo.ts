import { fold, matchesOf, type PromptLocale } from './text';

/** true = yes, false = no, null = the customer is unsure ("maybe", "weiß nicht", "nie wiem"). */
type Verdict = boolean | null;

/**
 * Words and phrases per locale, folded (lower case, no diacritics). The longest entry starting at
 * the earliest word decides, which is what makes this negation-aware: "absolutely not" outranks
 * "absolutely", "na pewno nie" outranks "na pewno", "nie ma sprawy" (no problem) outranks "nie".
 * The lists are per locale because words collide across them: Polish "no" is a filler ("no tak"
 * means yes) and German "nie" means "never".
 */
const LEXICON: Readonly<Record<PromptLocale, Readonly<Record<string, Verdict>>>> = {
  en: {
    yes: true, yeah: true, yea: true, yep: true, yup: true, ya: true, y: true, sure: true, ok: true,
    okay: true, k: true, correct: true, right: true, absolutely: true, definitely: true,
    certainly: true, affirmative: true, fine: true, 'of course': true, 'why not': true,
    'sounds good': true, 'go ahead': true, 'please do': true, 'no problem': true, 'that works': true,
    no: false, nope: false, nah: false, n: false, not: false, never: false, negative: false,
    "don't": false, dont: false, 'no thanks': false, 'no way': false, 'absolutely not': false,
    'definitely not': false, 'certainly not': false, 'of course not': false, 'rather not': false,
    'not sure': null, maybe: null, perhaps: null, "don't know": null, 'dont know': null, dunno: null,
  },
  de: {
    ja: true, jawohl: true, jo: true, jep: true, jup: true, gerne: true, gern: true, klar: true,
    sicher: true, genau: true, richtig: true, stimmt: true, naturlich: true, selbstverstandlich: true,
    ok: true, okay: true, passt: true, einverstanden: true, 'na klar': true, 'auf jeden fall': true,
    'warum nicht': true, 'kein problem': true, 'in ordnung': true, 'geht klar': true,
    nein: false, ne: false, nee: false, no: false, noe: false, nicht: false, kein: false, keine: false,
    niemals: false, nie: false, 'auf keinen fall': false, 'lieber nicht': false, 'eher nicht': false,
    'naturlich nicht': false, 'sicher nicht': false, 'gar nicht': false,
    vielleicht: null, 'nicht sicher': null, 'weiß nicht': null, 'weiss nicht': null,
    'keine ahnung': null,
  },
  pl: {
    tak: true, jasne: true, pewnie: true, oczywiscie: true, dobrze: true, ok: true, okej: true,
    okay: true, zgoda: true, chetnie: true, owszem: true, potwierdzam: true, 'no tak': true,
    'no pewnie': true, 'czemu nie': true, 'dlaczego nie': true, 'na pewno': true,
    'w porzadku': true, 'jak najbardziej': true, 'nie ma sprawy': true, 'nie ma problemu': true,
    'zgadza sie': true,
    nie: false, nigdy: false, 'no nie': false, 'raczej nie': false, 'na pewno nie': false,
    'oczywiscie ze nie': false, 'oczywiscie nie': false, 'nie ma mowy': false,
    moze: null, 'nie wiem': null, 'nie jestem pewien': null, 'nie jestem pewna': null,
  },
};

const EMOJI: Readonly<Record<string, boolean>> = { '👍': true, '👎': false };

interface Entry {
  words: readonly string[];
  verdict: Verdict;
}

function entriesOf(locale: PromptLocale): Entry[] {
  return Object.entries(LEXICON[locale])
    .map(([phrase, verdict]) => ({ words: phrase.split(' '), verdict }))
    .sort((a, b) => b.words.length - a.words.length);
}

const ENTRIES: Readonly<Record<PromptLocale, readonly Entry[]>> = {
  en: entriesOf('en'),
  de: entriesOf('de'),
  pl: entriesOf('pl'),
};

/** Reads a yes or no answer in `locale`; null when the text says neither or is undecided. */
export function recognizeYesNo(text: string, locale: PromptLocale): boolean | null {
  const normalised = fold(text).replace(/[’`´]/g, "'");
  const words = matchesOf(/[\p{L}']+|👍|👎/gu, normalised).map((m) => m[0].replace(/^'+|'+$/g, ''));
  for (let i = 0; i < words.length; i += 1) {
    const emoji = EMOJI[words[i] ?? ''];
    if (emoji !== undefined) return emoji;
    const entry = ENTRIES[locale].find((e) => e.words.every((w, k) => words[i + k] === w));
    if (entry) return entry.verdict;
  }
  return null;
}
