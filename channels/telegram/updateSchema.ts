import { z } from 'zod';
import { wireProblem } from '../shared/wireProblem';

/**
 * The parts of a Telegram update Switchboard reads, with room over Telegram's own limits (a text
 * is at most 4096 characters, which zod counts in UTF-16 units, so twice that here; callback data
 * 64 bytes). Anything else in the update is let through untouched.
 * A field of the wrong type used to reach the mapper and fail there, dropping the turn with an
 * error log; now the update is acknowledged and skipped with one line naming the field.
 */
const chatId = z.number().int().refine(Number.isSafeInteger, 'not a safe integer');
const user = z.looseObject({
  id: chatId,
  is_bot: z.boolean().optional(),
  first_name: z.string().max(256).optional(),
  username: z.string().max(64).optional(),
  language_code: z.string().max(35).optional(),
});
const message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  chat: z.looseObject({ id: chatId, type: z.string().max(32) }),
  from: user.optional(),
  text: z.string().max(8192).optional(),
  caption: z.string().max(2048).optional(),
});

export const updateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: z
    .looseObject({
      id: z.string().max(128),
      from: user,
      data: z.string().max(64).optional(),
      message: z.looseObject({ message_id: z.number().int(), chat: z.looseObject({ id: chatId }) }).optional(),
    })
    .optional(),
});

/** Why this body is not an update we can take, naming the field, or undefined when it is. */
export function updateProblem(body: unknown): string | undefined {
  const parsed = updateSchema.safeParse(body);
  return parsed.success ? undefined : wireProblem(parsed.error, 'update');
}
