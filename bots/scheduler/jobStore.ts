import { randomUUID } from 'node:crypto';
import { readItem, updateItem } from '../state/storeItem';
import { ETAG_NEW_ITEM, isETagConflict, type ManagedStorage } from '../state/types';
import { BUCKET_MS, bucketOf, CURSOR_KEY, indexKey, INDEX_SHARDS, jobKey, shardOf, subjectKey, SUBJECT_JOBS_KEPT, type Job, type JobPayload, type JobStatus } from './jobs';

export interface ScheduleRequest<P extends JobPayload = JobPayload> {
  id: string;
  kind: string;
  dueAt: number;
  payload: P;
  subject?: string;
  topic?: string;
}

/** An index entry: job `id` is due at `dueAt`, filed in `bucket`. */
export interface DueEntry {
  id: string;
  dueAt: number;
  bucket: number;
}

/** A job this instance holds, and the lease token its end must match. */
export interface LeasedJob {
  job: Job;
  owner: string;
}

export type LeaseResult = { state: 'leased'; leased: LeasedJob } | { state: 'stale' } | { state: 'busy'; until?: number };

interface IndexItem {
  jobs: Record<string, number>;
}

/**
 * How long a moment is allowed to be: two instances' clocks may differ this much, and a schedule
 * call may take this long between filing its index entry and writing its job. The cursor stays
 * this far behind the clock, and an entry whose job is missing is given that long to appear.
 */
export const CLOCK_GRACE_MS = 10 * 60_000;
/** Past buckets one poll reads at most (a process down for days catches up over several polls). */
const BUCKETS_PER_READ = 48;
/** Ended jobs are kept this long, to be shown in the inbox and counted. */
const ENDED_TTL_SECONDS = 30 * 24 * 60 * 60;

const ttlUntil = (at: number, now: number) => Math.ceil(Math.max(0, at - now) / 1000) + ENDED_TTL_SECONDS;

/**
 * Jobs and their due-time index in the bot's own store (memory, LMDB or Cosmos DB: key reads and
 * eTag-checked writes are all it needs). The job item is the truth; index entries only say where
 * to look, so a left-over entry (from a move, a cancel, a crash between two writes) is dropped when
 * found. A cursor names the oldest bucket that may still hold work.
 */
export class JobStore {
  private cursorKnown = false;

  constructor(private readonly storage: ManagedStorage) {}

  /** The jobs about `subject` still kept, newest first. */
  async about(subject: string): Promise<Job[]> {
    const ids = (await readItem<{ ids: string[] }>(this.storage, subjectKey(subject)))?.ids ?? [];
    const items = await this.storage.read(ids.map(jobKey));
    return ids
      .flatMap((id) => {
        const item = items[jobKey(id)] as (Job & { eTag?: string; ttl?: number }) | undefined;
        if (!item) return [];
        const { eTag: _eTag, ttl: _ttl, ...job } = item;
        return [job];
      })
      .reverse();
  }

  private async listUnder(subject: string, id: string, until: number, now: number): Promise<void> {
    await updateItem<{ ids: string[] }>(this.storage, subjectKey(subject), (current) => ({ ids: [...(current?.ids ?? []).filter((known) => known !== id), id].slice(-SUBJECT_JOBS_KEPT) }), ttlUntil(until, now));
  }

  async get(id: string): Promise<Job | undefined> {
    const item = await readItem<Job & { ttl?: number }>(this.storage, jobKey(id));
    if (!item) return undefined;
    const { eTag: _eTag, ttl: _ttl, ...job } = item;
    return job;
  }

  /** Files a job; the same id again returns the stored one untouched (`created: false`). */
  async schedule(request: ScheduleRequest, now: number): Promise<{ job: Job; created: boolean }> {
    const existing = await this.get(request.id);
    if (existing) return { job: existing, created: false };
    if (!this.cursorKnown) await this.ensureCursor(now);
    // A job due in the past runs at once: it is filed under the current hour, which the cursor has not passed.
    const bucket = bucketOf(Math.max(request.dueAt, now));
    const job: Job = {
      id: request.id,
      kind: request.kind,
      dueAt: request.dueAt,
      payload: request.payload,
      status: 'scheduled',
      attempts: 0,
      leaseUntil: 0,
      indexBucket: bucket,
      createdAt: now,
      ...(request.subject ? { subject: request.subject } : {}),
      ...(request.topic ? { topic: request.topic } : {}),
    };
    // Entry first: a crash before the job is written leaves an entry the poller drops, never a job nobody finds.
    await this.file(request.id, bucket, request.dueAt, now);
    if (request.subject) await this.listUnder(request.subject, request.id, Math.max(request.dueAt, now), now);
    try {
      await this.storage.write({ [jobKey(job.id)]: { ...job, eTag: ETAG_NEW_ITEM, ttl: ttlUntil(job.dueAt, now) } });
      return { job, created: true };
    } catch (err) {
      if (!isETagConflict(err)) throw err;
      const raced = await this.get(request.id);
      if (!raced) throw err;
      return { job: raced, created: false };
    }
  }

  /** Moves a scheduled job to `dueAt`; undefined when it is not scheduled (ended, cancelled, unknown). */
  async reschedule(id: string, dueAt: number, now: number): Promise<Job | undefined> {
    const bucket = bucketOf(Math.max(dueAt, now));
    let before: Job | undefined;
    const after = await this.change(id, now, (job) => {
      before = job;
      return job.status === 'scheduled' ? { ...job, dueAt, indexBucket: bucket, attempts: 0 } : undefined;
    }, async () => this.file(id, bucket, dueAt, now));
    if (after && before && before.indexBucket !== bucket) await this.unfile({ id, bucket: before.indexBucket, dueAt: before.dueAt });
    return after;
  }

  /** Ends a scheduled job without running it; false when it was not scheduled. */
  async cancel(id: string, reason: string, now: number): Promise<boolean> {
    const after = await this.change(id, now, (job) => (job.status === 'scheduled' ? ended(job, 'cancelled', reason, now) : undefined));
    if (after) await this.unfile({ id, bucket: after.indexBucket, dueAt: after.dueAt });
    return after !== undefined;
  }

  /**
   * The index entries from the cursor up to the next hour (at most 48 buckets), with the range
   * read: `caughtUp` is false while older buckets are left for the next poll.
   */
  async entries(now: number): Promise<{ from: number; to: number; caughtUp: boolean; entries: DueEntry[] }> {
    const from = await this.ensureCursor(now);
    const last = bucketOf(now) + 1;
    const to = Math.min(last, from + BUCKETS_PER_READ - 1);
    const keys: { key: string; bucket: number }[] = [];
    for (let bucket = from; bucket <= to; bucket += 1) for (let shard = 0; shard < INDEX_SHARDS; shard += 1) keys.push({ key: indexKey(bucket, shard), bucket });
    const items = await this.storage.read(keys.map((k) => k.key));
    const entries = keys.flatMap(({ key, bucket }) => Object.entries((items[key] as IndexItem | undefined)?.jobs ?? {}).map(([id, dueAt]) => ({ id, dueAt, bucket })));
    return { from, to, caughtUp: to === last, entries };
  }

  /** Takes a due job for `leaseMs`, if it is still scheduled, due, filed under `entry` and nobody holds it. */
  async lease(entry: DueEntry, now: number, leaseMs: number): Promise<LeaseResult> {
    const item = await readItem<Job>(this.storage, jobKey(entry.id));
    if (!item) return entry.dueAt < now - CLOCK_GRACE_MS ? { state: 'stale' } : { state: 'busy' };
    const { eTag, ...job } = item;
    if (job.status !== 'scheduled' || job.indexBucket !== entry.bucket) return { state: 'stale' };
    if (job.dueAt > now) return { state: 'busy', until: job.dueAt };
    if (job.leaseUntil > now) return { state: 'busy', until: job.leaseUntil };
    const owner = randomUUID();
    const leased: Job = { ...job, leaseUntil: now + leaseMs, leaseOwner: owner };
    try {
      await this.storage.write({ [jobKey(job.id)]: { ...leased, eTag, ttl: ttlUntil(leased.leaseUntil, now) } });
    } catch (err) {
      if (isETagConflict(err)) return { state: 'busy' };
      throw err;
    }
    return { state: 'leased', leased: { job: leased, owner } };
  }

  /**
   * Writes how a run ended (or its next due time) if the lease is still this run's; false when it
   * is not (the lease ran out and another instance took the job, or it was moved or cancelled).
   */
  async settle(leased: LeasedJob, next: Job, now: number): Promise<boolean> {
    const { leaseOwner: _owner, ...rest } = next;
    let ours = false;
    const after = await this.change(leased.job.id, now, (job) => {
      ours = job.leaseOwner === leased.owner && job.status === 'scheduled';
      return ours ? { ...rest, leaseUntil: 0 } : undefined;
    }, next.status === 'scheduled' && next.indexBucket !== leased.job.indexBucket ? async () => this.file(next.id, next.indexBucket, next.dueAt, now) : undefined);
    if (!after) return false;
    if (after.status !== 'scheduled' || after.indexBucket !== leased.job.indexBucket) await this.unfile({ id: after.id, bucket: leased.job.indexBucket, dueAt: leased.job.dueAt });
    return ours;
  }

  /** Takes an entry out of its bucket (its job ended, moved, or never came to be). */
  async unfile(entry: DueEntry): Promise<void> {
    await updateItem<IndexItem>(this.storage, indexKey(entry.bucket, shardOf(entry.id)), (item) => {
      if (!item || !(entry.id in item.jobs)) return undefined;
      const jobs = { ...item.jobs };
      delete jobs[entry.id];
      return { jobs };
    });
  }

  /** Moves the cursor from `from` to `to` unless another instance moved it meanwhile. */
  async advance(from: number, to: number): Promise<void> {
    if (to <= from) return;
    await updateItem<{ bucket: number }>(this.storage, CURSOR_KEY, (cursor) => (cursor && cursor.bucket === from ? { bucket: to } : undefined));
  }

  private async file(id: string, bucket: number, dueAt: number, now: number): Promise<void> {
    const ttl = ttlUntil((bucket + 1) * BUCKET_MS, now);
    await updateItem<IndexItem>(this.storage, indexKey(bucket, shardOf(id)), (item) => (item?.jobs[id] === dueAt ? undefined : { jobs: { ...item?.jobs, [id]: dueAt } }), ttl);
  }

  /** The cursor's bucket, created a grace period behind the clock on first use. */
  private async ensureCursor(now: number): Promise<number> {
    const stored = await readItem<{ bucket: number }>(this.storage, CURSOR_KEY);
    if (stored) {
      this.cursorKnown = true;
      return stored.bucket;
    }
    const bucket = bucketOf(now - CLOCK_GRACE_MS);
    try {
      await this.storage.write({ [CURSOR_KEY]: { bucket, eTag: ETAG_NEW_ITEM } });
    } catch (err) {
      if (!isETagConflict(err)) throw err;
      return (await readItem<{ bucket: number }>(this.storage, CURSOR_KEY))?.bucket ?? bucket;
    }
    this.cursorKnown = true;
    return bucket;
  }

  /**
   * Read-modify-write of a job with its eTag; `change` returns the new job or undefined to leave
   * it. `before` runs once the change is decided and before it is written (filing a new index entry).
   */
  private async change(id: string, now: number, change: (job: Job) => Job | undefined, before?: () => Promise<void>): Promise<Job | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      const item = await readItem<Job & { ttl?: number }>(this.storage, jobKey(id));
      if (!item) return undefined;
      const { eTag, ttl: _ttl, ...job } = item;
      const next = change(job);
      if (!next) return undefined;
      if (before) await before();
      const keepUntil = next.status === 'scheduled' ? Math.max(next.dueAt, next.leaseUntil) : now;
      try {
        await this.storage.write({ [jobKey(id)]: { ...next, eTag, ttl: ttlUntil(keepUntil, now) } });
        return next;
      } catch (err) {
        if (!isETagConflict(err) || attempt >= 8) throw err;
      }
    }
  }
}

/** The job as it ends: `status` with why, and no lease. */
export function ended(job: Job, status: Exclude<JobStatus, 'scheduled'>, outcome: string, now: number): Job {
  const { leaseOwner: _owner, ...rest } = job;
  return { ...rest, status, outcome, finishedAt: now, leaseUntil: 0 };
}
