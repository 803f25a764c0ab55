import { atWallClock, compareTimes, dateOf, addDays, formatWallClock, referenceTime, type DateTimeParts, type ReferenceTime } from './clock';
import { englishParts, germanParts } from './dateTimeEngines';
import { polishParts } from './dateTimePolish';
import { DAYPART_TIME, readClock, findDaypart, findDuration, findNumericDate, type Daypart } from './dateTimeRules';
import { blank, fold, type PromptLocale, type Span } from './text';

export interface RecognizedDateTime {
  /**
   * Wall-clock time in the requested time zone, `YYYY-MM-DDTHH:mm`. Without a clock time it is the
   * part of the day's time (morning 09:00, afternoon 15:00, evening 19:00, night 22:00) or 00:00;
   * without a date it is the next such time: today if still ahead, else tomorrow.
   */
  value: string;
  /** The customer gave a clock time ("15:00", "3pm", "o piętnastej"), not just a day. */
  hasTime: boolean;
  /** The customer named a day (absolute, relative or a weekday), not just a time. */
  hasDate: boolean;
}

export interface DateTimeMatch extends RecognizedDateTime, Span {}

/**
 * The first date and/or time in `text`, resolved against `now` in the IANA `timeZone`, or null.
 * Throws when `timeZone` is not a zone name.
 */
export function recognizeDateTime(text: string, locale: PromptLocale, now: Date, timeZone: string): RecognizedDateTime | null {
  const found = findDateTime(text, locale, now, timeZone);
  return found && { value: found.value, hasTime: found.hasTime, hasDate: found.hasDate };
}

export function findDateTime(text: string, locale: PromptLocale, now: Date, timeZone: string): DateTimeMatch | null {
  const ref = referenceTime(now, timeZone);
  const folded = fold(text);
  const duration = findDuration(folded, locale);
  if (duration) {
    const value = formatWallClock(ref.now.plus({ minutes: duration.minutes }));
    return { value, hasTime: true, hasDate: true, start: duration.start, end: duration.end };
  }
  const daypart = findDaypart(folded, locale);
  const numericDate = findNumericDate(folded, dateOf(ref.now), locale);
  // German dayparts sit between date and time ("morgen früh um 9") and split chrono-node's match.
  const hidden = [...(numericDate ? [numericDate] : []), ...(locale === 'de' ? (daypart?.spans ?? []) : [])];
  const rest = blank(locale === 'pl' ? folded : text, hidden);
  const parts = locale === 'en' ? englishParts(rest, ref) : locale === 'de' ? germanParts(rest, ref) : polishParts(rest, ref, daypart?.daypart);
  const merged = numericDate ? mergeDate(parts, numericDate) : parts;
  return merged && resolveParts(merged, ref, daypart?.daypart);
}

function mergeDate(parts: DateTimeParts | null, numeric: Span & { date: DateTimeParts['date'] }): DateTimeParts {
  if (!parts || parts.instant) return { start: numeric.start, end: numeric.end, date: numeric.date };
  // The numeric date is the more specific ("Dienstag, 24.11. um 15 Uhr"), so it wins.
  return { ...parts, date: numeric.date, start: Math.min(parts.start, numeric.start), end: Math.max(parts.end, numeric.end) };
}

/** Fills in what the customer left out and writes the wall-clock value; the one place for defaults. */
export function resolveParts(parts: DateTimeParts, ref: ReferenceTime, daypart?: Daypart): DateTimeMatch | null {
  const span = { start: parts.start, end: parts.end };
  if (parts.instant) {
    return { ...span, value: formatWallClock(parts.instant.setZone(ref.now.zone)), hasTime: true, hasDate: true };
  }
  if (!parts.date && !parts.time) return null;
  const time = parts.time && readClock(parts.time, daypart, parts.meridiemUnknown);
  let date = parts.date;
  if (!date) {
    const today = dateOf(ref.now);
    const ahead = time && compareTimes(time, { hour: ref.now.hour, minute: ref.now.minute }) >= 0;
    date = ahead ? today : addDays(today, 1);
  }
  const clock = time ?? (daypart ? DAYPART_TIME[daypart] : { hour: 0, minute: 0 });
  const value = formatWallClock(atWallClock(date, clock, ref.now.zone));
  return { ...span, value, hasTime: time !== undefined, hasDate: parts.date !== undefined };
}
