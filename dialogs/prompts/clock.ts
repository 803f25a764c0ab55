import { DateTime, type Zone } from 'luxon';
import type { Span } from './text';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface ClockTime {
  hour: number;
  minute: number;
}

/**
 * What one phrase said. Recognisers fill in only what the customer gave; the rest (today's date
 * for "at 3pm", a default time for "tomorrow") is decided in one place, `resolveParts`.
 */
export interface DateTimeParts extends Span {
  date?: CalendarDate;
  time?: ClockTime;
  /** A duration from now ("in 2 hours"), counted on the real time line so DST changes are honoured. */
  instant?: DateTime;
  /** The hour was written without am/pm or a 24-hour form ("um 3", "o trzeciej", "halb drei"). */
  meridiemUnknown?: boolean;
}

export interface ReferenceTime {
  /** `now` as wall-clock time in the customer's time zone. */
  now: DateTime;
  /**
   * A Date whose local fields (in the process's time zone) equal `now`'s wall clock. Chrono and
   * Recognizers-Text read a reference Date through its local getters and cannot be given an IANA
   * zone, so they are handed this stand-in and their answers are read back as wall-clock fields.
   */
  engineDate: Date;
}

export function referenceTime(now: Date, timeZone: string): ReferenceTime {
  const zoned = DateTime.fromJSDate(now, { zone: timeZone });
  if (!zoned.isValid) {
    throw new Error(`referenceTime(): cannot use time zone "${timeZone}" or time ${String(now)} (${zoned.invalidExplanation ?? 'invalid'})`);
  }
  const engineDate = new Date(zoned.year, zoned.month - 1, zoned.day, zoned.hour, zoned.minute, 0, 0);
  return { now: zoned, engineDate };
}

/**
 * The wall-clock date and time in `zone`. A time that the zone skips (02:30 on the night clocks go
 * forward) comes out one hour later, which is the time a clock on the wall would then show.
 */
export function atWallClock(date: CalendarDate, time: ClockTime, zone: Zone | string): DateTime {
  return DateTime.fromObject({ ...date, ...time, second: 0, millisecond: 0 }, { zone });
}

export function formatWallClock(value: DateTime): string {
  return value.toFormat("yyyy-MM-dd'T'HH:mm");
}

export function dateOf(value: DateTime): CalendarDate {
  return { year: value.year, month: value.month, day: value.day };
}

export function isValidDate(date: CalendarDate): boolean {
  return DateTime.fromObject(date).isValid;
}

/** Days counted on the calendar, so "in 3 days" keeps the clock time across a DST change. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return dateOf(DateTime.fromObject(date, { zone: 'UTC' }).plus({ days }));
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: CalendarDate): number {
  return DateTime.fromObject(date, { zone: 'UTC' }).weekday;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function compareTimes(a: ClockTime, b: ClockTime): number {
  return a.hour - b.hour || a.minute - b.minute;
}
