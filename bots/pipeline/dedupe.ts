import type { Activity } from '../botFramework';

/**
 * Activity ids already processed in a conversation, oldest first, and the minute (since the epoch)
 * each stops being remembered. Two flat arrays rather than an object keyed by id: the list is
 * parsed and serialised with every turn's state, and this shape costs half as much to do that
 * (whole minutes stay small integers; unique ids as object keys each need new hidden classes).
 */
export interface SeenActivities {
  ids: string[];
  expiresMinute: number[];
}

const MINUTE_MS = 60_000;
export const SEEN_PROPERTY = '_seenActivityIds';
/** Longer than the longest redelivery window: Meta retries webhooks for up to 36 hours. */
export const DEFAULT_DEDUPE_TTL_MS = 48 * 60 * 60 * 1000;
/**
 * Every remembered id is read and written with each turn's state (the benchmark showed turns
 * getting a third dearer as the list grew), so the list is bounded: 256 covers the whole 48 hours
 * for a conversation of up to about five messages an hour, day and night; a busier one is covered
 * for its newest 256 (README, State storage).
 */
export const MAX_REMEMBERED = 256;

/**
 * The id that identifies a redelivery. Channels stamp the platform's own id (Telegram update_id,
 * Messenger mid, Message-ID) into activity.id, so a redelivered update carries the same one.
 */
export function dedupeId(activity: Partial<Activity>): string | undefined {
  return activity.id ? activity.id : undefined;
}

/** The stored list, also from state written before this shape (an object of id → expiry in ms). */
export function seenActivities(stored: unknown): SeenActivities {
  if (typeof stored !== 'object' || stored === null) return { ids: [], expiresMinute: [] };
  if ('ids' in stored && 'expiresMinute' in stored && Array.isArray(stored.ids) && Array.isArray(stored.expiresMinute)) {
    const ids: unknown[] = stored.ids;
    const expires: unknown[] = stored.expiresMinute;
    const seen: SeenActivities = { ids: [], expiresMinute: [] };
    ids.forEach((id, i) => {
      const minute = expires[i];
      if (typeof id === 'string' && typeof minute === 'number') {
        seen.ids.push(id);
        seen.expiresMinute.push(minute);
      }
    });
    return seen;
  }
  const legacy = Object.entries(stored)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .sort((a, b) => a[1] - b[1]);
  return { ids: legacy.map(([id]) => id), expiresMinute: legacy.map(([, until]) => Math.ceil(until / MINUTE_MS)) };
}

export function alreadySeen(seen: SeenActivities, id: string, now: number): boolean {
  const at = seen.ids.lastIndexOf(id);
  return at >= 0 && (seen.expiresMinute[at] ?? 0) * MINUTE_MS > now;
}

/** Records `id` and drops expired ids, keeping at most the newest MAX_REMEMBERED (one TTL, so oldest first is also soonest to expire). */
export function remember(seen: SeenActivities, id: string, now: number, ttlMs: number): SeenActivities {
  const kept: SeenActivities = { ids: [], expiresMinute: [] };
  const from = Math.max(0, seen.ids.length - (MAX_REMEMBERED - 1));
  for (let i = from; i < seen.ids.length; i += 1) {
    const seenId = seen.ids[i];
    const minute = seen.expiresMinute[i] ?? 0;
    if (seenId === undefined || seenId === id || minute * MINUTE_MS <= now) continue;
    kept.ids.push(seenId);
    kept.expiresMinute.push(minute);
  }
  kept.ids.push(id);
  kept.expiresMinute.push(Math.ceil((now + ttlMs) / MINUTE_MS));
  return kept;
}
