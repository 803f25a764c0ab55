import { z } from 'zod';
import { RETENTION_GROUPS, type RetentionGroup } from './storedKinds';
import type { RetentionDays } from './retention';

const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

/** RETENTION_DAYS_BY_KIND: "tickets=180,consents=1095", days per retention group (bots/state/storedKinds.ts). */
export const retentionOverrides = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .default('')
    .transform((raw, ctx): Partial<Record<RetentionGroup, number>> => {
      const overrides: Partial<Record<RetentionGroup, number>> = {};
      for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
        const [group, days, ...rest] = part.split('=').map((p) => p.trim());
        const count = Number(days);
        if (!RETENTION_GROUPS.includes(group as RetentionGroup) || rest.length > 0 || !Number.isInteger(count) || count < 1 || count > 3650) {
          ctx.addIssue({ code: 'custom', message: `"${part}" must be <group>=<days> (1-3650) with a group of ${RETENTION_GROUPS.join(', ')}` });
          return z.NEVER;
        }
        overrides[group as RetentionGroup] = count;
      }
      return overrides;
    }),
);

/** Groups kept longer than RETENTION_DAYS unless set: an opt-out must outlive the chats it stops, an audit entry the request it records. */
const LONGER_BY_DEFAULT: Partial<Record<RetentionGroup, number>> = { consents: 1095, audit: 365 };

/** Days per retention group from RETENTION_DAYS and RETENTION_DAYS_BY_KIND. */
export function retentionDaysOf(env: { RETENTION_DAYS: number; RETENTION_DAYS_BY_KIND: Partial<Record<RetentionGroup, number>> }): RetentionDays {
  return Object.fromEntries(
    RETENTION_GROUPS.map((group) => [group, env.RETENTION_DAYS_BY_KIND[group] ?? Math.max(env.RETENTION_DAYS, LONGER_BY_DEFAULT[group] ?? 0)]),
  ) as Record<RetentionGroup, number>;
}
