import { DateTime } from 'luxon';
import type { QuietHours } from '../bots/config';

/**
 * When quiet hours that `at` falls in end (ms since the epoch), or undefined when `at` is not in
 * them. Reckoned on the wall clock of `timeZone`, so a daylight-saving change moves the end with
 * the clock, as the customer lives it.
 */
export function quietUntil(at: number, hours: QuietHours | undefined, timeZone: string): number | undefined {
  if (!hours) return undefined;
  const local = DateTime.fromMillis(at, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const spansMidnight = hours.from > hours.to;
  const inside = spansMidnight ? minute >= hours.from || minute < hours.to : minute >= hours.from && minute < hours.to;
  if (!inside) return undefined;
  // Past the start on the evening before midnight: the quiet ends the next morning.
  const endDay = spansMidnight && minute >= hours.from ? local.plus({ days: 1 }) : local;
  const end = endDay.startOf('day').set({ hour: Math.floor(hours.to / 60), minute: hours.to % 60 });
  // The night the clocks go back, an end inside the repeated hour is met twice: the second time
  // (on the new offset) is the one still ahead of a moment in that hour.
  const endAt = end.toMillis() > at ? end.toMillis() : end.toMillis() + (end.offset - local.offset) * 60_000;
  return Math.max(endAt, at + 60_000);
}
