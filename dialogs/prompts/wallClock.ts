import { DateTime } from 'luxon';

/** A local date and time in some IANA zone, without the zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function wallClockOf(instant: Date, timeZone: string): WallClock {
  const zoned = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!zoned.isValid) throw new Error(`wallClockOf(): invalid time zone "${timeZone}"`);
  return { year: zoned.year, month: zoned.month, day: zoned.day, hour: zoned.hour, minute: zoned.minute };
}

/** Minutes east of UTC in `timeZone` at `instant`. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return DateTime.fromJSDate(instant, { zone: timeZone }).offset;
}

export function formatWallClock(w: WallClock): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

export function addDays(w: WallClock, days: number): WallClock {
  const d = DateTime.fromObject(w, { zone: 'UTC' }).plus({ days });
  return { year: d.year, month: d.month, day: d.day, hour: w.hour, minute: w.minute };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(w: WallClock): number {
  return DateTime.fromObject(w, { zone: 'UTC' }).weekday % 7;
}
