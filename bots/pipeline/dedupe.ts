import type { Activity } from 'botbuilder';

/** Activity ids already processed in a conversation, with the time each stops being remembered. */
export type SeenActivities = Record<string, number>;

export const SEEN_PROPERTY = '_seenActivityIds';
/** Longer than any platform redelivers: Meta retries webhooks for up to 36 hours. */
export const DEFAULT_DEDUPE_TTL_MS = 48 * 60 * 60 * 1000;
/**
 * Redeliveries come within seconds to hours and a few messages of the original, and every
 * remembered id is read and written with each turn's state (the benchmark showed turns getting
 * a third dearer as the list grew), so a conversation keeps only its newest ids.
 */
export const MAX_REMEMBERED = 100;

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

/**
 * Records `id` and prunes expired ids, keeping at most the newest MAX_REMEMBERED. Ids are kept in
 * the order they were seen (with one TTL that is also the order they expire in; Telegram's numeric
 * update ids are kept in numeric order, which is the order Telegram sent them), so no sort is needed.
 */
export function remember(seen: SeenActivities | undefined, id: string, now: number, ttlMs: number): SeenActivities {
  const live = Object.entries(seen ?? {}).filter(([seenId, until]) => until > now && seenId !== id);
  const kept: SeenActivities = {};
  for (const [seenId, until] of live.slice(-(MAX_REMEMBERED - 1))) kept[seenId] = until;
  kept[id] = now + ttlMs;
  return kept;
}
