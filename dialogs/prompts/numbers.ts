import { englishNumbers } from './recognizerModels';
import { fold, matchesOf, type PromptLocale, type Span } from './text';

export interface NumberMatch extends Span {
  value: number;
}

/** A number in `text` as a customer would write it in `locale` ("23,5", "1.234,5", "zwei", "dwa"), or null. */
export function recognizeNumber(text: string, locale: PromptLocale): number | null {
  return findNumber(text, locale)?.value ?? null;
}

/** The first number in `text` with its span, so callers can tell it apart from dates and phones. */
export function findNumber(text: string, locale: PromptLocale): NumberMatch | null {
  // Recognizers-Text handles English digits and words well. Its German model reads "1.234,5" as
  // 1.734 and knows no German number words, and it has no Polish at all, so those are ours.
  if (locale === 'en') return englishNumber(text);
  const candidates = [digitNumber(text), wordNumber(text, locale)].filter(
    (m): m is NumberMatch => m !== null,
  );
  candidates.sort((a, b) => a.start - b.start);
  return candidates[0] ?? null;
}

/** Narrows one Recognizers-Text result, whose resolution is typed `any`, to a number and span. */
export function englishNumber(text: string): NumberMatch | null {
  for (const result of englishNumbers(text)) {
    if (typeof result !== 'object' || result === null) continue;
    const { start, end, resolution } = result as { start?: unknown; end?: unknown; resolution?: unknown };
    const raw: unknown = typeof resolution === 'object' && resolution !== null ? (resolution as { value?: unknown }).value : undefined;
    const value = typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(value)) continue;
    // Recognizers-Text reports an inclusive end offset.
    return { start, end: end + 1, value };
  }
  return null;
}

// Thousands may be grouped with dots ("1.234,5") or spaces ("1 234,5"); a lone dot followed by
// other than three digits ("23.5") is read as a decimal point because people type it that way.
const DIGITS =
  /(?<![\d.,])[-−+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d|[.,]\d)|(?<![\d.,])[-−+]?\d+(?:[.,]\d+)*/g;

function digitNumber(text: string): NumberMatch | null {
  for (const m of matchesOf(DIGITS, text)) {
    const value = readNumeral(m[0]);
    if (value !== null) return { start: m.index, end: m.index + m[0].length, value };
  }
  return null;
}

/** Reads a numeral with a decimal comma and dot or space grouping; null for "3.03.2027" and such. */
export function readNumeral(token: string): number | null {
  const negative = /^[-−]/.test(token);
  const body = token.replace(/^[-−+]/, '');
  const [whole = '', fraction, extra] = body.split(',');
  if (extra !== undefined) return null;
  const groups = whole.split(/[. \u00a0\u202f]/);
  let integer: string;
  let decimals = fraction ?? '';
  if (groups.length === 1) {
    integer = whole;
  } else if (groups.slice(1).every((g) => g.length === 3) && (groups[0] ?? '').length <= 3) {
    integer = groups.join('');
  } else if (groups.length === 2 && fraction === undefined && whole.includes('.')) {
    integer = groups[0] ?? '';
    decimals = groups[1] ?? '';
  } else {
    return null;
  }
  const value = Number(decimals ? `${integer}.${decimals}` : integer);
  if (!Number.isFinite(value)) return null;
  return negative ? -value : value;
}

const GERMAN_UNITS: Record<string, number> = {
  null: 0, eins: 1, ein: 1, eine: 1, einen: 1, einem: 1, einer: 1, zwei: 2, zwo: 2, drei: 3,
  vier: 4, funf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, elf: 11, zwolf: 12,
  dreizehn: 13, vierzehn: 14, funfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18, neunzehn: 19,
};
const GERMAN_TENS: Record<string, number> = {
  zwanzig: 20, dreissig: 30, dreißig: 30, vierzig: 40, funfzig: 50, sechzig: 60, siebzig: 70,
  achtzig: 80, neunzig: 90,
};
// "ein"/"eine" are also the indefinite article; alone in a longer sentence they mean "a", not 1.
const GERMAN_ARTICLES = new Set(['ein', 'eine', 'einen', 'einem', 'einer']);

/** Reads a German number word, compounds included ("dreiundzwanzig", "zweihundertfünf", "zweieinhalb"). */
export function germanWord(word: string): number | null {
  if (word === '') return null;
  if (word === 'anderthalb') return 1.5;
  if (word.endsWith('einhalb') && word.length > 'einhalb'.length) {
    const whole = germanWord(word.slice(0, -'einhalb'.length));
    return whole === null ? null : whole + 0.5;
  }
  for (const [unit, size] of [['tausend', 1000], ['hundert', 100]] as const) {
    const at = word.indexOf(unit);
    if (at < 0) continue;
    const left = word.slice(0, at);
    const right = word.slice(at + unit.length);
    const multiplier = left === '' ? 1 : germanWord(left);
    const rest = right === '' ? 0 : germanWord(right);
    return multiplier === null || rest === null ? null : multiplier * size + rest;
  }
  const single = GERMAN_UNITS[word] ?? GERMAN_TENS[word];
  if (single !== undefined) return single;
  const und = word.indexOf('und');
  if (und > 0) {
    const unit = GERMAN_UNITS[word.slice(0, und)];
    const tens = GERMAN_TENS[word.slice(und + 3)];
    if (unit !== undefined && unit < 10 && tens !== undefined) return tens + unit;
  }
  return null;
}

const POLISH_WORDS: Record<string, number> = {
  zero: 0, jeden: 1, jedna: 1, jedno: 1, jednego: 1, jednej: 1, dwa: 2, dwie: 2, dwoch: 2, dwu: 2,
  trzy: 3, trzech: 3, cztery: 4, czterech: 4, piec: 5, pieciu: 5, szesc: 6, szesciu: 6,
  siedem: 7, siedmiu: 7, osiem: 8, osmiu: 8, dziewiec: 9, dziewieciu: 9, dziesiec: 10, dziesieciu: 10,
  jedenascie: 11, dwanascie: 12, trzynascie: 13, czternascie: 14, pietnascie: 15, szesnascie: 16,
  siedemnascie: 17, osiemnascie: 18, dziewietnascie: 19, dwadziescia: 20, trzydziesci: 30,
  czterdziesci: 40, piecdziesiat: 50, szescdziesiat: 60, siedemdziesiat: 70, osiemdziesiat: 80,
  dziewiecdziesiat: 90, sto: 100, dwiescie: 200, trzysta: 300, czterysta: 400, piecset: 500,
  szescset: 600, siedemset: 700, osiemset: 800, dziewiecset: 900, pol: 0.5, poltora: 1.5, poltorej: 1.5,
};
const POLISH_THOUSANDS = new Set(['tysiac', 'tysiace', 'tysiecy']);

/** Reads a Polish number word (folded, i.e. without diacritics), including teen genitives ("pietnastu"). */
export function polishWord(word: string): number | null {
  const direct = POLISH_WORDS[word];
  if (direct !== undefined) return direct;
  if (word.endsWith('nastu')) return POLISH_WORDS[`${word.slice(0, -5)}nascie`] ?? null;
  return null;
}

function wordNumber(text: string, locale: PromptLocale): NumberMatch | null {
  const folded = fold(text);
  const words = matchesOf(/[a-zß]+/g, folded);
  const readWord = (w: string): number | null => {
    if (locale === 'pl') return POLISH_THOUSANDS.has(w) ? 1000 : polishWord(w);
    if (GERMAN_ARTICLES.has(w) && words.length > 2) return null;
    return germanWord(w);
  };
  for (let i = 0; i < words.length; i += 1) {
    const first = words[i];
    if (!first || readWord(first[0]) === null) continue;
    // A run of adjacent number words adds up ("dwadzieścia trzy", "sto pięć"); a thousand multiplies.
    let total = 0;
    let current = 0;
    let end = first.index;
    for (let j = i; j < words.length; j += 1) {
      const word = words[j];
      const value = word ? readWord(word[0]) : null;
      if (!word || value === null) break;
      if (j > i && !/^\s+$/.test(folded.slice(end, word.index))) break;
      if (value === 1000) {
        total += (current || 1) * 1000;
        current = 0;
      } else {
        current += value;
      }
      end = word.index + word[0].length;
    }
    return { start: first.index, end, value: total + current };
  }
  return null;
}
