import { DateTime } from 'luxon';
import type { Locale } from '../../bots/config';

/** "Mon, Nov 23, 2026, 10:00 AM" / "Mo., 23. Nov. 2026, 10:00" / "pon., 23 lis 2026, 10:00" for a stored start. */
export function formatWhen(start: string, locale: Locale, timeZone: string): string {
  return DateTime.fromFormat(start, "yyyy-MM-dd'T'HH:mm", { zone: timeZone }).setLocale(locale).toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY);
}
