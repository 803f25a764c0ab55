import { DateTime } from 'luxon';

/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday); a missing day is closed. */
export type OpeningHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string]>>;

export interface SlotRules {
  slotMinutes: number;
  hours: OpeningHours;
  timeZone: string;
}

export type SlotProblem = 'invalid' | 'past' | 'closed' | 'off-grid';

/** `YYYY-MM-DDTHH:mm` wall clock in the store's time zone → luxon DateTime, or undefined. */
export function parseWall(value: string, timeZone: string): DateTime | undefined {
  const parsed = DateTime.fromFormat(value, "yyyy-MM-dd'T'HH:mm", { zone: timeZone });
  return parsed.isValid ? parsed : undefined;
}

export function formatWall(time: DateTime): string {
  return time.toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The grid cells ("HH:mm") a booking of `minutes` starting at `start` occupies. */
export function cellsOf(start: DateTime, minutes: number, slotMinutes: number): string[] {
  const count = Math.ceil(minutes / slotMinutes);
  return Array.from({ length: count }, (_, i) => start.plus({ minutes: i * slotMinutes }).toFormat('HH:mm'));
}

/** Why `start` cannot take a booking of `minutes` regardless of capacity, or undefined when it can. */
export function slotProblem(start: DateTime, minutes: number, now: DateTime, rules: SlotRules): SlotProblem | undefined {
  if (!start.isValid) return 'invalid';
  if (start <= now) return 'past';
  if ((start.hour * 60 + start.minute) % rules.slotMinutes !== 0) return 'off-grid';
  const hours = rules.hours[String(start.weekday) as keyof OpeningHours];
  if (!hours) return 'closed';
  const [open, close] = hours.map((hhmm) => {
    const [h, m] = hhmm.split(':').map(Number);
    return start.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
  }) as [DateTime, DateTime];
  if (start < open || start.plus({ minutes }) > close) return 'closed';
  return undefined;
}

/**
 * Candidate starts near `around`, nearest first (alternating later and earlier), on the slot grid,
 * within `days` days; the caller filters them by capacity.
 */
export function candidatesAround(around: DateTime, minutes: number, now: DateTime, rules: SlotRules, days = 7): DateTime[] {
  const step = rules.slotMinutes;
  const base = around.set({ minute: Math.floor(around.minute / step) * step, second: 0, millisecond: 0 });
  const found: DateTime[] = [];
  const limit = (days * 24 * 60) / step;
  for (let i = 1; i <= limit; i += 1) {
    for (const candidate of [base.plus({ minutes: i * step }), base.minus({ minutes: i * step })]) {
      if (!slotProblem(candidate, minutes, now, rules)) found.push(candidate);
    }
  }
  return found;
}
