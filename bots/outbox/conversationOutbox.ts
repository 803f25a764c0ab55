import type { Activity } from '../botFramework';

/**
 * The replies of one committed turn that have not all reached the customer yet. They live in the
 * conversation's own state item, so they are written in the same eTag-checked write as the turn
 * that decided them: a turn is never saved without its replies, nor its replies without the turn.
 */
export interface PendingEntry {
  /** Position in the conversation's reply sequence; entries go out strictly in this order. */
  seq: number;
  /** Idempotency key (the turn's activity id, or a fresh id): channels that can dedupe use it. */
  key: string;
  /** When the turn was committed (ms since the epoch); entries older than the dead-letter age are given up. */
  at: number;
  activities: Partial<Activity>[];
}

export interface ConversationOutbox {
  next: number;
  entries: PendingEntry[];
}

/**
 * How far delivery got, in a small item of its own beside the conversation's: written after every
 * send without rewriting the (larger) conversation item, and read with it when a turn loads.
 * Everything before `seq`, and the first `part` activities of entry `seq`, have been delivered.
 */
export interface DeliveryMark {
  seq: number;
  part: number;
  /** Failed attempts in a row at the entry `seq`. */
  attempts: number;
  /** Not before this (ms): the backoff, or the platform's `retry_after`. */
  nextAttemptAt: number;
  lastError?: string;
  /** The conversation is in the retry index (bots/outbox/retryIndex.ts) and must leave it once delivered. */
  queued?: boolean;
}

export const OUTBOX_PROPERTY = '_outbox';
export const FRESH_MARK: DeliveryMark = { seq: 0, part: 0, attempts: 0, nextAttemptAt: 0 };

export const deliveryMarkKey = (conversationKey: string) => `${conversationKey}/delivery`;

function isEntry(value: unknown): value is PendingEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.seq === 'number' && typeof entry.key === 'string' && typeof entry.at === 'number' && Array.isArray(entry.activities);
}

/** The stored outbox of a conversation's state bag (an empty one when there is none). */
export function outboxOf(conversation: Record<string, unknown>): ConversationOutbox {
  const stored = conversation[OUTBOX_PROPERTY] as { next?: unknown; entries?: unknown } | undefined;
  const entries = Array.isArray(stored?.entries) ? stored.entries.filter(isEntry) : [];
  const next = typeof stored?.next === 'number' ? stored.next : (entries.at(-1)?.seq ?? -1) + 1;
  return { next, entries };
}

export function markOf(stored: unknown): DeliveryMark {
  if (typeof stored !== 'object' || stored === null) return { ...FRESH_MARK };
  const mark = stored as Partial<Record<keyof DeliveryMark, unknown>>;
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    seq: num(mark.seq),
    part: num(mark.part),
    attempts: num(mark.attempts),
    nextAttemptAt: num(mark.nextAttemptAt),
    ...(typeof mark.lastError === 'string' ? { lastError: mark.lastError } : {}),
    ...(mark.queued === true ? { queued: true } : {}),
  };
}

/**
 * Adds a turn's replies to the conversation's outbox and drops the entries the mark says were
 * delivered (they were kept until now so that the conversation item is written only with turns).
 */
export function appendEntry(conversation: Record<string, unknown>, mark: DeliveryMark, entry: Omit<PendingEntry, 'seq'> | undefined): PendingEntry | undefined {
  const box = outboxOf(conversation);
  const kept = box.entries.filter((pending) => pending.seq >= mark.seq);
  // Never below the mark: if the conversation item was lost or reset, new replies must not count as delivered.
  // A partly delivered entry the item no longer has is behind the mark: the new one must come after it.
  const next = Math.max(box.next, mark.seq + (mark.part > 0 ? 1 : 0));
  const added = entry ? { ...entry, seq: next } : undefined;
  const entries = added ? [...kept, added] : kept;
  if (entries.length === 0 && conversation[OUTBOX_PROPERTY] === undefined) return undefined;
  conversation[OUTBOX_PROPERTY] = { next: next + (added ? 1 : 0), entries };
  return added;
}

/** What is still to be sent, in order, each with the activities not yet delivered. */
export function undelivered(box: ConversationOutbox, mark: DeliveryMark): { entry: PendingEntry; from: number }[] {
  return box.entries.filter((entry) => entry.seq >= mark.seq).map((entry) => ({ entry, from: entry.seq === mark.seq ? mark.part : 0 }));
}
