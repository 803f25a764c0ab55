import { z } from 'zod';
import { wireProblem } from '../shared/wireProblem';

/**
 * One `entry[].messaging[]` event, as far as Switchboard reads it. Page-scoped ids are digit
 * strings of about 16; a 10 KB "sender id" would become a state key past the store's limit and
 * fail deep inside the turn. Letters, `_` and `-` are let through too (test and app-scoped ids),
 * nothing that could shape a key or a URL path. Unknown fields pass untouched.
 */
const psid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a page-scoped id (up to 64 letters and digits)');
const referral = z.looseObject({ ref: z.string().max(2000).optional(), source: z.string().max(64).optional(), type: z.string().max(64).optional() });

export const messagingEventSchema = z.looseObject({
  sender: z.looseObject({ id: psid }),
  recipient: z.looseObject({ id: psid }).optional(),
  timestamp: z.number().int().nonnegative().optional(),
  message: z
    .looseObject({
      mid: z.string().max(512).optional(),
      text: z.string().max(20_000).optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.looseObject({ payload: z.string().max(1000).optional() }).optional(),
      attachments: z.array(z.looseObject({ type: z.string().max(32).optional() })).max(20).optional(),
    })
    .optional(),
  postback: z.looseObject({ mid: z.string().max(512).optional(), title: z.string().max(1000).optional(), payload: z.string().max(1000).optional(), referral: referral.optional() }).optional(),
  referral: referral.optional(),
});

/** Why this messaging event cannot be taken, naming the field, or undefined when it can. */
export function messagingEventProblem(event: unknown): string | undefined {
  const parsed = messagingEventSchema.safeParse(event);
  return parsed.success ? undefined : wireProblem(parsed.error, 'messaging[]');
}
