import { addDays, compareDates, isValidDate, type CalendarDate, type ClockTime } from './clock';
import { englishNumber, germanWord, polishWord, readNumeral } from './numbers';
import { matchesOf, type PromptLocale, type Span } from './text';

/**
 * Rules shared by every locale, applied to folded text (see `fold`) before the date engines run.
 * They exist where the engines are weak or unsafe: durations in hours (must be counted on the real
 * time line across DST), parts of the day (the engines disagree on their hours and chrono-node's
 * German misses "früh"), and day-first numeric dates ("23.12." is unknown to chrono-node).
 */

export type Daypart = 'morning' | 'afternoon' | 'evening' | 'night';

/**
 * The time used when a phrase names a part of the day but no clock time ("tomorrow morning",
 * "heute Abend", "jutro rano"); `hasTime` stays false so a booking dialog can still ask.
 */
export const DAYPART_TIME: Readonly<Record<Daypart, ClockTime>> = {
  morning: { hour: 9, minute: 0 },
  afternoon: { hour: 15, minute: 0 },
  evening: { hour: 19, minute: 0 },
  night: { hour: 22, minute: 0 },
};

const DAYPARTS: Readonly<Record<PromptLocale, readonly (readonly [RegExp, Daypart])[]>> = {
  en: [
    [/\bmornings?\b/g, 'morning'],
    [/\bafternoons?\b/g, 'afternoon'],
    [/\bevenings?\b|\btonight\b/g, 'evening'],
    [/\b(?:at )?night\b/g, 'night'],
  ],
  de: [
    // Lower-case "morgen" is tomorrow; only "am Morgen" and "morgens" are the morning.
    [/\b(?:in der )?fruh\b|\bmorgens\b|\bam morgen\b|\bvormittags?\b/g, 'morning'],
    [/\bnachmittags?\b/g, 'afternoon'],
    [/\b(?:am )?abends?\b/g, 'evening'],
    [/\bnachts?\b|\bin der nacht\b/g, 'night'],
  ],
  pl: [
    [/\brano\b|\brankiem\b|\bprzed poludniem\b/g, 'morning'],
    [/\bpo poludniu\b|\bpopoludniu\b/g, 'afternoon'],
    [/\bwieczor(?:em)?\b|\bwieczorkiem\b/g, 'evening'],
    [/\bw nocy\b|\bnoca\b/g, 'night'],
  ],
};

export interface DaypartMatch {
  daypart: Daypart;
  spans: Span[];
}

export function findDaypart(folded: string, locale: PromptLocale): DaypartMatch | null {
  for (const [pattern, daypart] of DAYPARTS[locale]) {
    const spans = matchesOf(pattern, folded).map((m) => ({ start: m.index, end: m.index + m[0].length }));
    if (spans.length > 0) return { daypart, spans };
  }
  return null;
}

/**
 * Reads an hour as the customer meant it. With a part of the day, "at 8" in the evening is 20:00
 * and a night hour before 6 stays (02:00). Without one, an hour from 1 to 7 written without am/pm
 * or a 24-hour form ("um 3", "o trzeciej", "halb drei") is read as 13:00–19:00: a shop's customer
 * books in the afternoon, not at 3 a.m.; 8 to 12 stay in the morning.
 */
export function readClock(time: ClockTime, daypart: Daypart | undefined, meridiemUnknown = false): ClockTime {
  const { hour } = time;
  if (daypart) {
    const pm = (daypart === 'afternoon' || daypart === 'evening') && hour >= 1 && hour < 12;
    const lateNight = daypart === 'night' && hour >= 6 && hour < 12;
    return pm || lateNight ? { ...time, hour: hour + 12 } : time;
  }
  return meridiemUnknown && hour >= 1 && hour <= 7 ? { ...time, hour: hour + 12 } : time;
}

const DURATIONS: Readonly<Record<PromptLocale, RegExp>> = {
  en: /\bin\s+(?:(half an|an?|one|[\d.,]+|[a-z]+(?:[- ][a-z]+)?)\s+)(hours?|hrs?|minutes?|mins?)(\s+and\s+a\s+half)?\b/g,
  de: /\bin\s+(?:(einer halben|einer|eine|[\d.,]+|[a-zß]+)\s+)(stunden?|minuten?|viertelstunde)\b/g,
  pl: /\bza\s+(?:(pol|poltorej|[\d.,]+|[a-z]+(?: [a-z]+)?)\s+)?(godzin[aey]?|godzine|minut[aey]?|minute|kwadrans)\b/g,
};

function amountOf(raw: string | undefined, locale: PromptLocale): number | null {
  if (raw === undefined) return 1;
  const fixed: Readonly<Record<string, number>> = {
    'half an': 0.5, a: 1, an: 1, one: 1, 'einer halben': 0.5, einer: 1, eine: 1, pol: 0.5, poltorej: 1.5,
  };
  const known = fixed[raw];
  if (known !== undefined) return known;
  if (/^[\d.,]+$/.test(raw)) return readNumeral(raw);
  if (locale === 'en') {
    const match = englishNumber(raw);
    return match && match.start === 0 && match.end === raw.length ? match.value : null;
  }
  const words = raw.split(' ').map((w) => (locale === 'de' ? germanWord(w) : polishWord(w)));
  return words.every((v): v is number => v !== null) ? words.reduce((sum, v) => sum + v, 0) : null;
}

export interface DurationMatch extends Span {
  minutes: number;
}

/** "in 2 hours", "in einer halben Stunde", "za pół godziny", "za kwadrans": minutes from now. */
export function findDuration(folded: string, locale: PromptLocale): DurationMatch | null {
  for (const m of matchesOf(DURATIONS[locale], folded)) {
    const unit = m[2] ?? '';
    const quarter = unit === 'kwadrans' || unit === 'viertelstunde';
    const whole = amountOf(m[1], locale);
    const amount = whole !== null && m[3] ? whole + 0.5 : whole;
    if (amount === null || amount <= 0) continue;
    const perUnit = quarter ? 15 : /^(?:h|stunde|godzin)/.test(unit) ? 60 : 1;
    return { start: m.index, end: m.index + m[0].length, minutes: Math.round(amount * perUnit) };
  }
  return null;
}

export interface DateMatch extends Span {
  date: CalendarDate;
}

/**
 * Day-first numeric dates ("3.03", "23.12.", "03.03.2027", "24/12"); English follows British order,
 * as phone numbers do, unless the second number cannot be a month ("12/24"). A date without a
 * year is the next such day, today included. "23.5" is a decimal to an English speaker, so English
 * takes dots only with a year or a closing dot ("24.12."); German and Polish also take a
 * two-digit month ("3.03"), but "23.5" needs its closing dot there too. "o 15.30" and "um 10.10" are times, so a preceding
 * "o/um/at/godz." rules a match out.
 */
export function findNumericDate(folded: string, today: CalendarDate, locale: PromptLocale): DateMatch | null {
  const pattern = /(?<![\d.,:/])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(\.?)(?![\d,:])/g;
  for (const m of matchesOf(pattern, folded)) {
    if (/\b(?:o|um|at|godz\.?|godzinie|gegen|na)\s*$/.test(folded.slice(0, m.index))) continue;
    if (m[2] === '.' && m[4] === undefined && m[5] === '' && (locale === 'en' || (m[3] ?? '').length < 2)) continue;
    let day = Number(m[1]);
    let month = Number(m[3]);
    if (month > 12 && day <= 12) [day, month] = [month, day];
    const year = m[4] === undefined ? undefined : m[4].length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    const date = nextDate(today, day, month, year);
    if (date) return { start: m.index, end: m.index + m[0].length, date };
  }
  return null;
}

/** The given day and month in `year`, or without a year the next one on or after `today`. */
export function nextDate(today: CalendarDate, day: number, month: number, year?: number): CalendarDate | null {
  const candidate = { year: year ?? today.year, month, day };
  if (year === undefined && isValidDate(candidate) && compareDates(candidate, today) < 0) {
    const nextYear = { ...candidate, year: today.year + 1 };
    return isValidDate(nextYear) ? nextYear : null;
  }
  return isValidDate(candidate) ? candidate : null;
}

/** The next `isoWeekday` (1 = Monday) from `today`; `strictlyAfter` skips today itself. */
export function nextWeekday(today: CalendarDate, todayWeekday: number, isoWeekday: number, strictlyAfter: boolean): CalendarDate {
  const ahead = (isoWeekday - todayWeekday + 7) % 7;
  return addDays(today, ahead === 0 && strictlyAfter ? 7 : ahead);
}
