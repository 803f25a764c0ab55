import type { Logger } from '../logger';
import { backoffMs, systemClock, type DeliveryClock } from '../outbox/tuning';
import { CLOCK_GRACE_MS, ended, type DueEntry, type JobStore, type LeasedJob, type ScheduleRequest } from './jobStore';
import { bucketOf, PermanentJobError, type Job, type JobDecision, type JobHandler, type JobPayload } from './jobs';

export interface SchedulerTuning {
  /** How often the index is read for jobs other instances filed (a local schedule call wakes it at once). */
  pollIntervalMs: number;
  /** How long one instance may hold a job it runs before another may take it. */
  leaseMs: number;
  /** The first retry's delay after a failed run; each failure in a row doubles it, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failed runs before the job is given up (status `dead`). */
  maxAttempts: number;
  clock: DeliveryClock;
}

/** How long runNow waits for another instance's run of the same job to finish. */
const SETTLE_WAIT_MS = 5_000;

export const DEFAULT_SCHEDULER_TUNING: SchedulerTuning = {
  pollIntervalMs: 10_000,
  leaseMs: 2 * 60_000,
  firstDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 8,
  clock: systemClock,
};

/** What became of a job, as /metrics counts it. */
export type JobOutcome = 'scheduled' | 'done' | 'skipped' | 'deferred' | 'failed' | 'dead' | 'cancelled';

export interface SchedulerMetrics {
  job(kind: string, outcome: JobOutcome, reason?: string): void;
}

/**
 * Runs jobs when they are due, each once across every instance sharing the store: a job is leased
 * with an eTag-checked write before its handler runs, and its end is written only while the lease
 * is still the run's own. A handler whose effect must not repeat (a message) makes it idempotent by
 * the job id as well (channels/shared/proactiveOnce.ts), since a process can die after the effect
 * and before writing the end. Passes never overlap within an instance.
 */
export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;
  private waiting = 0;

  constructor(
    private readonly store: JobStore,
    private readonly logger: Logger,
    private readonly tuning: SchedulerTuning = DEFAULT_SCHEDULER_TUNING,
    private readonly metrics?: SchedulerMetrics,
  ) {}

  /** Jobs due and not yet run, as of the last pass. */
  get depth(): number {
    return this.waiting;
  }

  get now(): number {
    return this.tuning.clock.now();
  }

  /** The handler for jobs of `kind`; one per kind. */
  handle<P extends JobPayload>(kind: string, handler: JobHandler<P>): void {
    if (this.handlers.has(kind)) throw new Error(`Scheduler.handle(): a handler for "${kind}" is already registered`);
    this.handlers.set(kind, handler as unknown as JobHandler);
  }

  /** Files a job (idempotent by id) and wakes the loop if it is due before the next pass. */
  async schedule<P extends JobPayload>(request: ScheduleRequest<P>): Promise<{ job: Job; created: boolean }> {
    const result = await this.store.schedule(request, this.now);
    if (result.created) {
      this.metrics?.job(request.kind, 'scheduled');
      this.wakeAt(request.dueAt);
    }
    return result;
  }

  async reschedule(id: string, dueAt: number): Promise<Job | undefined> {
    const job = await this.store.reschedule(id, dueAt, this.now);
    if (job) this.wakeAt(dueAt);
    return job;
  }

  async cancel(id: string, reason: string): Promise<boolean> {
    const job = await this.store.get(id);
    const cancelled = await this.store.cancel(id, reason, this.now);
    if (cancelled && job) this.metrics?.job(job.kind, 'cancelled', reason);
    return cancelled;
  }

  get(id: string): Promise<Job | undefined> {
    return this.store.get(id);
  }

  /** The jobs filed about `subject` (a customer) and still kept, newest first: for the inbox. */
  about(subject: string): Promise<Job[]> {
    return this.store.about(subject);
  }

  /**
   * Runs a due job at once in this instance, as a pass would (leased first, so it still runs only
   * once): for a caller that wants to answer with what became of it (POST /api/events). Resolves
   * with the job as it is afterwards; one not yet due, or held by another run, is left as it is.
   */
  async runNow(id: string): Promise<Job | undefined> {
    const job = await this.store.get(id);
    if (!job || job.status !== 'scheduled' || this.stopped) return job;
    const now = this.now;
    const lease = await this.store.lease({ id, dueAt: job.dueAt, bucket: job.indexBucket }, now, this.tuning.leaseMs);
    if (lease.state === 'busy' && job.dueAt <= now) return this.whenSettled(id);
    if (lease.state !== 'leased') return this.store.get(id);
    const next = await this.run(lease.leased, now);
    if (next.status === 'scheduled') this.wakeAt(next.dueAt);
    return (await this.store.get(id)) ?? next;
  }

  /**
   * Files a job due now and runs it here at once: the loop is not woken for it, so this caller
   * (not a pass of this instance) takes the lease and sees the end. A pass of another instance
   * may still get there first; then the end it writes is waited for.
   */
  async scheduleAndRun<P extends JobPayload>(request: ScheduleRequest<P>): Promise<{ job: Job; created: boolean }> {
    const result = await this.store.schedule(request, this.now);
    if (!result.created) return result;
    this.metrics?.job(request.kind, 'scheduled');
    return { job: (await this.runNow(request.id)) ?? result.job, created: true };
  }

  /** The job once the run holding it has written its end (or deferred it), for at most a few seconds. */
  private async whenSettled(id: string): Promise<Job | undefined> {
    const deadline = Date.now() + SETTLE_WAIT_MS;
    for (;;) {
      const job = await this.store.get(id);
      if (!job || job.status !== 'scheduled' || job.leaseUntil === 0 || Date.now() > deadline) return job;
      // Real time, not the scheduler's clock: this waits for another run's I/O, not for a due time.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Starts polling; a job that fell due while no instance ran is run now. */
  start(): void {
    this.started = true;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.idle();
  }

  /** Settles when the current pass (if any) has finished; for shutdown and tests. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Runs a pass now (or right after the running one). */
  kick(): void {
    if (this.stopped || !this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: unknown) => {
        this.logger.error({ err }, 'Scheduler.pass(): failed; trying again at the next poll');
        this.wakeAt(this.now + this.tuning.pollIntervalMs);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass(): Promise<void> {
    const now = this.now;
    const { from, to, caughtUp, entries } = await this.store.entries(now);
    const due = entries.filter((entry) => entry.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    this.waiting = due.length;
    let next = now + this.tuning.pollIntervalMs;
    const left = new Set<number>();
    const keep = (bucket: number, at: number) => {
      left.add(bucket);
      next = Math.min(next, at);
    };
    for (const entry of entries) if (entry.dueAt > now) keep(entry.bucket, entry.dueAt);
    for (const entry of due) {
      if (this.stopped) return;
      const kept = await this.runDue(entry, now);
      if (kept !== undefined) keep(entry.bucket, kept);
      this.waiting -= 1;
    }
    // Buckets before the first one with work left are done, but never closer to now than the grace.
    const firstLeft = left.size > 0 ? Math.min(...left) : to + 1;
    const cursor = Math.min(firstLeft, bucketOf(now - CLOCK_GRACE_MS));
    await this.store.advance(from, cursor);
    // Catching up after a long stop: read on at once, unless a job held elsewhere keeps the cursor
    // where it is (then at the next poll, when its lease may be over).
    this.wakeAt(!caughtUp && cursor > from ? this.now : next);
  }

  /** Runs one due entry; returns when to look at it again if it stays in its bucket. */
  private async runDue(entry: DueEntry, now: number): Promise<number | undefined> {
    const lease = await this.store.lease(entry, now, this.tuning.leaseMs);
    if (lease.state === 'stale') {
      await this.store.unfile(entry);
      return undefined;
    }
    if (lease.state === 'busy') return lease.until ?? now + this.tuning.pollIntervalMs;
    const next = await this.run(lease.leased, now);
    return next.status === 'scheduled' && next.indexBucket === entry.bucket ? next.dueAt : undefined;
  }

  private async run(leased: LeasedJob, now: number): Promise<Job> {
    const { job } = leased;
    let next: Job;
    let outcome: JobOutcome;
    let reason: string | undefined;
    try {
      const handler = this.handlers.get(job.kind);
      if (!handler) throw new Error(`Scheduler.run(): no handler for jobs of kind "${job.kind}" in this instance`);
      const decision: JobDecision = await handler(job, { now, attempt: job.attempts + 1 });
      if ('deferUntil' in decision) {
        const dueAt = Math.max(decision.deferUntil, this.now);
        next = { ...job, dueAt, indexBucket: bucketOf(dueAt), outcome: decision.reason };
        [outcome, reason] = ['deferred', decision.reason];
      } else if ('skipped' in decision) {
        next = ended(job, 'skipped', decision.skipped, this.now);
        [outcome, reason] = ['skipped', decision.skipped];
      } else {
        next = ended(job, 'done', decision.done, this.now);
        [outcome, reason] = ['done', decision.done];
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = job.attempts + 1;
      if (err instanceof PermanentJobError || attempts >= this.tuning.maxAttempts) {
        next = ended({ ...job, attempts }, 'dead', message, this.now);
        outcome = 'dead';
        this.logger.error({ err, jobId: job.id, kind: job.kind, attempts }, 'scheduled job given up');
      } else {
        const dueAt = this.now + backoffMs(this.tuning, attempts);
        next = { ...job, attempts, dueAt, indexBucket: bucketOf(dueAt), outcome: message };
        outcome = 'failed';
        this.logger.warn({ err, jobId: job.id, kind: job.kind, attempts, retryAt: new Date(dueAt).toISOString() }, 'scheduled job failed; retrying');
      }
    }
    const settled = await this.store.settle(leased, next, this.now);
    if (!settled) this.logger.warn({ jobId: job.id, kind: job.kind }, 'scheduled job ran past its lease or was changed meanwhile; its end was not written');
    this.metrics?.job(job.kind, outcome, reason);
    return next;
  }

  private wakeAt(at: number): void {
    if (this.stopped || !this.started) return;
    if (at >= this.timerAt && this.cancelTimer) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.tuning.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.timerAt = Infinity;
      this.kick();
    }, Math.max(0, at - this.now));
  }
}

/** What dialogs and services may do with jobs (file, move, cancel, read); running them is the app's. */
export type JobScheduling = Pick<Scheduler, 'schedule' | 'scheduleAndRun' | 'reschedule' | 'cancel' | 'get' | 'runNow' | 'now'>;
