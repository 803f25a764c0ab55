import { DateTime } from 'luxon';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

interface Span {
  /** ISO weekdays 1 (Monday) … 7 (Sunday). */
  days: Set<number>;
  from: number;
  to: number;
}

function day(name: string): number {
  const at = DAYS.indexOf(name.trim().toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
  if (at < 0) throw new Error(`parseBusinessHours(): unknown day "${name}"`);
  return at + 1;
}

function minutes(clock: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock.trim());
  if (!match) throw new Error(`parseBusinessHours(): "${clock}" is not a time like 09:00`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Reads BUSINESS_HOURS: spans separated by ";" such as `Mon-Fri 09:00-18:00; Sat 10:00-14:00`.
 * Day ranges may wrap (`Sat-Sun`), and a span may list days with commas (`Mon,Wed 08:00-12:00`).
 */
export function parseBusinessHours(spec: string): Span[] {
  return spec
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const match = /^([A-Za-z,\s-]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(part);
      if (!match?.[1] || !match[2] || !match[3]) throw new Error(`parseBusinessHours(): cannot read "${part}"`);
      const days = new Set<number>();
      for (const group of match[1].split(',')) {
        const [first, last] = group.split('-');
        const start = day(first ?? '');
        const end = last === undefined ? start : day(last);
        for (let d = start; ; d = (d % 7) + 1) {
          days.add(d);
          if (d === end) break;
        }
      }
      return { days, from: minutes(match[2]), to: minutes(match[3]) };
    });
}

/** Whether people are at work at `now` in `timeZone`; always true when no hours are configured. */
export class BusinessHours {
  private readonly spans: Span[] | undefined;

  constructor(spec: string | undefined, private readonly timeZone: string) {
    this.spans = spec ? parseBusinessHours(spec) : undefined;
  }

  isOpen(now: Date): boolean {
    if (!this.spans) return true;
    const local = DateTime.fromJSDate(now, { zone: this.timeZone });
    const minute = local.hour * 60 + local.minute;
    return this.spans.some((span) => span.days.has(local.weekday) && minute >= span.from && minute < span.to);
  }
}
