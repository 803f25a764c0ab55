import type { Activity } from 'botbuilder';

/** Activity ids already processed in a conversation, with the time each stops being remembered. */
export type SeenActivities = Record<string, number>;

export const SEEN_PROPERTY = '_seenActivityIds';
/** Longer than any platform redelivers: Meta retries webhooks for up to 36 hours. */
export const DEFAULT_DEDUPE_TTL_MS = 48 * 60 * 60 * 1000;
const MAX_REMEMBERED = 500;

/**
 * The id that identifies a redelivery. Channels stamp the platform's own id (Telegram update_id,
 * Messenger mid, Message-ID) into activity.id, so a redelivered update carries the same one.
 */
export function dedupeId(activity: Partial<Activity>): string | undefined {
  return activity.id ? activity.id : undefined;
}

export function alreadySeen(seen: SeenActivities | undefined, id: string, now: number): boolean {
  const until = seen?.[id];
  return until !== undefined && until > now;
}

/** Records `id` and prunes expired ids, keeping at most the newest MAX_REMEMBERED. */
export function remember(seen: SeenActivities | undefined, id: string, now: number, ttlMs: number): SeenActivities {
  const live = Object.entries(seen ?? {}).filter(([, until]) => until > now);
  live.push([id, now + ttlMs]);
  live.sort((a, b) => a[1] - b[1]);
  return Object.fromEntries(live.slice(-MAX_REMEMBERED));
}
