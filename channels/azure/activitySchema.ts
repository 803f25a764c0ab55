import jwt from 'jsonwebtoken';
import { z } from 'zod';

/**
 * The fields an incoming Bot Framework activity must have before CloudAdapter sees it. CloudAdapter
 * itself answers a bare 400 (or a 500 deep inside the turn) for these, with no reason given.
 */
export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1, 'activity.type is required'),
  channelId: z.string().min(1).max(64, 'activity.channelId is longer than 64 characters').optional(),
  serviceUrl: z.string().max(2048).optional(),
  // Ids become state keys: Cosmos DB ids end at 255 characters (Teams ids are about 100).
  conversation: z.looseObject({ id: z.string().min(1, 'activity.conversation.id is required').max(200, 'activity.conversation.id is longer than 200 characters') }),
  from: z.looseObject({ id: z.string().min(1).max(200, 'activity.from.id is longer than 200 characters') }).optional(),
  text: z.string().max(20_000, 'activity.text is longer than 20000 characters').optional(),
});

/** The first problem with an activity, phrased for a 400 answer, or undefined when it is usable. */
export function activityProblem(body: unknown): string | undefined {
  const parsed = inboundActivitySchema.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  if (!issue) return 'invalid activity';
  const path = issue.path.join('.');
  return issue.code === 'invalid_type' && path ? `activity.${path} is required (${issue.message})` : issue.message;
}

/**
 * Rejects what cannot be a Bot Framework token before CloudAdapter sees it: CloudAdapter fetches
 * signing keys from the network first and answers a bare 401 (or 500 when offline) either way.
 * Signature, issuer and audience are still verified by CloudAdapter.
 */
export function bearerTokenProblem(header: string | undefined): string | undefined {
  if (!header) return 'Authorization header with a Bot Framework token is required';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return 'Authorization header must be "Bearer <token>"';
  const decoded = jwt.decode(match[1], { complete: true });
  if (!decoded || typeof decoded.payload === 'string') return 'Authorization token is not a JWT';
  return undefined;
}
