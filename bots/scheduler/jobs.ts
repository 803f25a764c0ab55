import { createHash } from 'node:crypto';

/** Where a job is in its life. Only `scheduled` jobs run; the others are kept for a while to be shown. */
export type JobStatus = 'scheduled' | 'done' | 'skipped' | 'cancelled' | 'dead';

/** Anything JSON can carry: a job's payload is stored as it is given. */
export type JobPayload = Record<string, unknown>;

export interface Job<P extends JobPayload = JobPayload> {
  /** The idempotency key, chosen by the caller ("reminder/K7QX2M/24h"): scheduling it again changes nothing. */
  id: string;
  /** Which handler runs it. */
  kind: string;
  /** Not before this (ms since the epoch). */
  dueAt: number;
  payload: P;
  status: JobStatus;
  /** Failed runs so far; a run that defers (quiet hours) is not a failure. */
  attempts: number;
  /** An instance running it holds it until then, so two instances do not both run it. */
  leaseUntil: number;
  /** Who holds the lease: a run writes its end only while the lease is still its own. */
  leaseOwner?: string;
  /** The index bucket its entry is in; an entry found in another bucket is left over from a move. */
  indexBucket: number;
  createdAt: number;
  /** Whom it is about (a conversation or customer key), for listing a customer's jobs. */
  subject?: string;
  /**
   * What kind of message it sends, as the customer opts out of it ("reminders", "orders",
   * "marketing"); a job without one (a notice the customer needs) is never opted out of.
   */
  topic?: string;
  /** Why it ended as it did ("sent", the skip reason), or the last failure while still scheduled. */
  outcome?: string;
  finishedAt?: number;
}

/** What a handler decided about a due job. Throwing is a failure: retried with backoff, then dead. */
export type JobDecision =
  | { done: string }
  | { skipped: string }
  /** Not now (quiet hours, a channel asking to wait): run again then, without counting a failure. */
  | { deferUntil: number; reason: string };

export interface JobRun {
  now: number;
  /** 1 on the first run, counting failed runs before it. */
  attempt: number;
}

export type JobHandler<P extends JobPayload = JobPayload> = (job: Job<P>, run: JobRun) => Promise<JobDecision>;

/** A failure retrying cannot mend (the payload is invalid): the job goes to the dead letters at once. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/**
 * The due-time index is kept in one-hour buckets, each spread over a few items by a hash of the
 * job id: a poll reads the buckets from the oldest with work left up to the next hour, and a burst
 * of jobs for the same hour (a shop's morning reminders) does not contend for one item.
 */
export const BUCKET_MS = 60 * 60_000;
export const INDEX_SHARDS = 4;
export const bucketOf = (at: number): number => Math.floor(at / BUCKET_MS);
export const shardOf = (id: string): number => createHash('sha256').update(id).digest().readUInt32BE(0) % INDEX_SHARDS;

export const jobKey = (id: string) => `scheduler/job/${id}`;
export const indexKey = (bucket: number, shard: number) => `scheduler/due/${bucket}/${shard}`;
export const CURSOR_KEY = 'scheduler/cursor';
/** The ids of jobs about one subject (a customer), newest last, for the inbox's view of them. */
export const subjectKey = (subject: string) => `scheduler/subject/${subject}`;
export const SUBJECT_JOBS_KEPT = 50;
