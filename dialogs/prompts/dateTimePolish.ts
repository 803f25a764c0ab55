import { DateTime } from 'luxon';
import { addDays, compareDates, compareTimes, dateOf, type CalendarDate, type ClockTime, type DateTimeParts, type ReferenceTime } from './clock';
import { nextDate, nextWeekday, readClock, type Daypart } from './dateTimeRules';
import { polishWord, readNumeral } from './numbers';
import type { Span } from './text';

/*
 * Polish dates and times are our own rules. Recognizers-Text has no Polish culture (it silently
 * falls back to English), chrono-node 2.10 ships no Polish locale, and we found no maintained npm
 * date parser that reads Polish. The rules cover what customers type when booking, on folded text
 * ("środę" → "srode"), so input with or without Polish letters is read alike.
 */

const MONTHS: Readonly<Record<string, number>> = {
  stycznia: 1, lutego: 2, marca: 3, kwietnia: 4, maja: 5, czerwca: 6, lipca: 7, sierpnia: 8,
  wrzesnia: 9, pazdziernika: 10, listopada: 11, grudnia: 12,
};
const WEEKDAYS: readonly (readonly [string, number])[] = [
  ['poniedzial(?:ek|ku)', 1], ['wtor(?:ek|ku)', 2], ['srod[aey]', 3], ['czwart(?:ek|ku)', 4],
  ['piat(?:ek|ku)', 5], ['sobot[aey]', 6], ['niedziel[aei]', 7],
];
// Ordinals name days ("trzeciego marca", -ego) and hours ("o piętnastej", -ej); 1–20 and 30.
const ORDINAL_STEMS = [
  'pierwsz', 'drugi', 'trzeci', 'czwart', 'piat', 'szost', 'siodm', 'osm', 'dziewiat', 'dziesiat',
  'jedenast', 'dwunast', 'trzynast', 'czternast', 'pietnast', 'szesnast', 'siedemnast', 'osiemnast',
  'dziewietnast', 'dwudziest',
];
const ORDINAL = `(?:${[...ORDINAL_STEMS, 'trzydziest'].join('|')})(?:ego|ej)`;

function ordinalValue(phrase: string): number | null {
  let total = 0;
  for (const word of phrase.split(/\s+/)) {
    const stem = word.replace(/(?:ego|ej)$/, '');
    const index = ORDINAL_STEMS.indexOf(stem);
    const value = stem === 'trzydziest' ? 30 : index >= 0 ? index + 1 : null;
    if (value === null) return null;
    total += value;
  }
  return total;
}

function amountOf(raw: string | undefined): number | null {
  if (raw === undefined) return 1;
  if (/^\d+$/.test(raw)) return readNumeral(raw);
  const words = raw.split(/\s+/).map(polishWord);
  return words.every((v): v is number => v !== null) ? words.reduce((a, b) => a + b, 0) : null;
}

interface Found<T> extends Span {
  value: T;
  meridiemUnknown?: boolean;
}

function spanOf<T>(m: RegExpExecArray, value: T): Found<T> {
  return { start: m.index, end: m.index + m[0].length, value };
}

const WEEKDAY = WEEKDAYS.map(([p]) => p).join('|');
const DAY_MONTH = new RegExp(String.raw`\b(${ORDINAL}(?:\s+${ORDINAL})?|\d{1,2})(?:-?go|\.)?\s+(${Object.keys(MONTHS).join('|')})(?:\s+(\d{4}))?\b`);
const RELATIVE_DAY = /\b(dzis|dzisiaj|jutro|pojutrze)\b/;
const IN_PERIOD = /\bza\s+(?:(\d+|[a-z]+(?:\s+[a-z]+)?)\s+)?(dzien|dni|tydzien|tygodnie|tygodni|miesiac|miesiace|miesiecy)\b/;
const ON_WEEKDAY = new RegExp(String.raw`\b(?:we?\s+)?(?:(przyszl[ya]|nastepn[ya]|kolejn[ya]|najblizsz[ya]|ten|te|ta)\s+)?(${WEEKDAY})\b`);
const NEXT_WEEK = /\bw\s+(?:przyszlym|nastepnym)\s+tygodniu\b/;

interface PolishDate {
  date: CalendarDate;
  /** A bare weekday that fell on today: a time already past today moves it a week on. */
  mayRollWeek: boolean;
}

function polishDate(text: string, ref: ReferenceTime): Found<PolishDate> | null {
  const today = dateOf(ref.now);
  const dayMonth = DAY_MONTH.exec(text);
  if (dayMonth?.[1] && dayMonth[2]) {
    const day = /^\d+$/.test(dayMonth[1]) ? Number(dayMonth[1]) : ordinalValue(dayMonth[1]);
    const date = day === null ? null : nextDate(today, day, MONTHS[dayMonth[2]] ?? 0, dayMonth[3] ? Number(dayMonth[3]) : undefined);
    if (date) return spanOf(dayMonth, { date, mayRollWeek: false });
  }
  const relative = RELATIVE_DAY.exec(text);
  if (relative?.[1]) {
    const offset = { dzis: 0, dzisiaj: 0, jutro: 1, pojutrze: 2 }[relative[1]] ?? 0;
    return spanOf(relative, { date: addDays(today, offset), mayRollWeek: false });
  }
  const period = IN_PERIOD.exec(text);
  const count = period ? amountOf(period[1]) : null;
  if (period?.[2] && count !== null) {
    const unit = period[2].startsWith('mies') ? 'months' : period[2].startsWith('ty') ? 'weeks' : 'days';
    const date = dateOf(DateTime.fromObject(today, { zone: 'UTC' }).plus({ [unit]: count }));
    return spanOf(period, { date, mayRollWeek: false });
  }
  const weekday = ON_WEEKDAY.exec(text);
  const nextWeek = NEXT_WEEK.exec(text);
  if (weekday?.[2]) {
    const iso = WEEKDAYS.find(([p]) => new RegExp(`^(?:${p})$`).test(weekday[2] ?? ''))?.[1] ?? 1;
    if (nextWeek) {
      // "w środę w przyszłym tygodniu": that weekday in the next calendar week (Monday first).
      const monday = addDays(today, 8 - ref.now.weekday);
      const span = { start: Math.min(weekday.index, nextWeek.index), end: Math.max(weekday.index + weekday[0].length, nextWeek.index + nextWeek[0].length) };
      return { ...span, value: { date: addDays(monday, iso - 1), mayRollWeek: false } };
    }
    // "przyszły/następny wtorek" said on a Tuesday is a week away; elsewhere the coming one, as
    // chrono-node reads "nächsten Dienstag", so German and Polish customers get the same date.
    const strictly = /^(?:przyszl|nastepn|kolejn)/.test(weekday[1] ?? '');
    const date = nextWeekday(today, ref.now.weekday, iso, strictly);
    return spanOf(weekday, { date, mayRollWeek: !strictly && compareDates(date, today) === 0 });
  }
  if (nextWeek) return spanOf(nextWeek, { date: addDays(today, 7), mayRollWeek: false });
  return null;
}

const AT_DIGITS = /\b(?:(?:o|na|od|ok\.?|okolo|kolo)\s+(?:godz(?:\.|inie|ina)?\s*)?|godz(?:\.|inie|ina)?\s*)(\d{1,2})(?:[:.](\d{2}))?(?![\d:]|[.,]\d)/;
const BARE_CLOCK = /(?<![\d.:,])(\d{1,2}):(\d{2})(?!\d)/;
const AT_WORDS = new RegExp(String.raw`\b(?:o|na|od|okolo|kolo)\s+(${ORDINAL}(?:\s+${ORDINAL})?)(?:\s+(\d{2}|[a-z]+(?:\s+[a-z]+)?))?\b`);
const HALF_TO = new RegExp(String.raw`\b(?:o\s+)?wpol\s+do\s+(${ORDINAL})\b`);
const NOON = /\bw\s+(?:samo\s+)?poludnie\b/;
const MIDNIGHT = /\bo\s+polnocy\b/;

function clock(hour: number, minute: number): ClockTime | null {
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour > 24 || minute > 59) return null;
  return { hour: hour % 24, minute };
}

function polishTime(text: string): Found<ClockTime> | null {
  const half = HALF_TO.exec(text);
  const halfHour = half?.[1] ? ordinalValue(half[1]) : null;
  if (half && halfHour !== null) {
    const time = clock(halfHour === 1 ? 12 : halfHour - 1, 30);
    if (time) return { ...spanOf(half, time), meridiemUnknown: true };
  }
  const words = AT_WORDS.exec(text);
  const hour = words?.[1] ? ordinalValue(words[1]) : null;
  if (words && hour !== null) {
    const minutes = words[2] ? amountOf(words[2]) : 0;
    // "o piętnastej jutro": the trailing word is no minute count, so it is left for the date rules.
    const time = clock(hour, minutes ?? 0);
    const end = minutes === null && words[2] ? words.index + words[0].length - words[2].length - 1 : words.index + words[0].length;
    if (time) return { start: words.index, end, value: time, meridiemUnknown: true };
  }
  for (const pattern of [AT_DIGITS, BARE_CLOCK]) {
    const m = pattern.exec(text);
    const time = m?.[1] ? clock(Number(m[1]), m[2] ? Number(m[2]) : 0) : null;
    // "o 03:00" with a leading zero is a 24-hour time and means 3 a.m.
    if (m && time) return { ...spanOf(m, time), meridiemUnknown: !(m[1] ?? '').startsWith('0') };
  }
  const noon = NOON.exec(text);
  if (noon) return spanOf(noon, { hour: 12, minute: 0 });
  const midnight = MIDNIGHT.exec(text);
  if (midnight) return spanOf(midnight, { hour: 0, minute: 0 });
  return null;
}

/** A Polish date and/or time in folded `text`, relative to `ref`. */
export function polishParts(text: string, ref: ReferenceTime, daypart?: Daypart): DateTimeParts | null {
  const date = polishDate(text, ref);
  const found = polishTime(text);
  // The hour is read here already, since "w niedzielę o 8 wieczorem" said on a Sunday morning
  // must be compared with now as 20:00.
  const time = found && { ...found, value: readClock(found.value, daypart, found.meridiemUnknown) };
  if (!date && !time) return null;
  const spans = [date, time].filter((s): s is NonNullable<typeof s> => s !== null);
  const parts: DateTimeParts = { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
  if (time) parts.time = time.value;
  if (date) {
    const now = { hour: ref.now.hour, minute: ref.now.minute };
    const passed = time !== null && compareTimes(time.value, now) < 0;
    parts.date = date.value.mayRollWeek && passed ? addDays(date.value.date, 7) : date.value.date;
  }
  return parts;
}
