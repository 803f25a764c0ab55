import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Reads a queue's current length; may ask the store, so it can be async. */
export type QueueDepthReader = () => number | Promise<number>;

/** Seconds; spread for turns that answer from memory (ms) up to slow storage or NLU (s). */
const TURN_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The server's Prometheus metrics on a registry of its own (not prom-client's global one), so
 * every app instance, and every test, has independent counters.
 *
 * Queues register a reader with `watchQueue(name, read)`; readers are called on each scrape of
 * /metrics and reported as `switchboard_queue_depth{queue="<name>"}`. Call it once per queue when
 * the queue is built, e.g. `metrics.watchQueue('handover', () => handoverQueue.waitingCount())`.
 * A reader that throws is reported to `onQueueReadError` and skipped for that scrape (the gauge then
 * lacks that queue's sample).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly queues = new Map<string, QueueDepthReader>();
  private readonly turns: Counter<'channel'>;
  private readonly turnSeconds: Histogram<'channel'>;
  private readonly failures: Counter<'channel' | 'code'>;
  private readonly dedupeHits: Counter<'channel'>;
  private readonly jobs: Counter<'kind' | 'outcome' | 'reason'>;

  /** `onQueueReadError` hears about a queue reader that failed during a scrape (its sample is left out). */
  constructor(private readonly onQueueReadError: (queue: string, err: unknown) => void = () => undefined) {
    const registers = [this.registry];
    this.turns = new Counter({ name: 'switchboard_turns_total', help: 'Turns run through the pipeline, per channel', labelNames: ['channel'], registers });
    this.turnSeconds = new Histogram({
      name: 'switchboard_turn_duration_seconds',
      help: 'Time from an activity entering the pipeline to its replies being sent, per channel',
      labelNames: ['channel'],
      buckets: TURN_SECONDS_BUCKETS,
      registers,
    });
    this.failures = new Counter({
      name: 'switchboard_outbound_failures_total',
      help: "Outbound sends that failed after the client's own retries (e-mail: every failed attempt), per channel and platform error code",
      labelNames: ['channel', 'code'],
      registers,
    });
    this.dedupeHits = new Counter({
      name: 'switchboard_dedupe_hits_total',
      help: 'Redelivered activities recognised and acknowledged without running a turn, per channel',
      labelNames: ['channel'],
      registers,
    });
    this.jobs = new Counter({
      name: 'switchboard_jobs_total',
      help: 'Scheduled jobs (reminders, shop events) by kind and what became of them: scheduled, done, skipped, deferred, failed, dead, cancelled; reason says why (the skip reason, "sent")',
      labelNames: ['kind', 'outcome', 'reason'],
      registers,
    });
    const queues = this.queues;
    const onReadError = this.onQueueReadError;
    new Gauge({
      name: 'switchboard_queue_depth',
      help: 'Items waiting in a queue (reply retries, handover), read when scraped',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        const depths = await Promise.all(
          [...queues].map(async ([queue, read]) => {
            try {
              return [queue, await read()] as const;
            } catch (err) {
              onReadError(queue, err);
              return undefined;
            }
          }),
        );
        for (const entry of depths) if (entry) this.set({ queue: entry[0] }, entry[1]);
      },
    });
  }

  turnFinished(channel: string, seconds: number): void {
    this.turns.inc({ channel });
    this.turnSeconds.observe({ channel }, seconds);
  }

  outboundFailure(channel: string, code: string | number | undefined): void {
    this.failures.inc({ channel, code: code === undefined ? 'unknown' : String(code) });
  }

  dedupeHit(channel: string): void {
    this.dedupeHits.inc({ channel });
  }

  /** One scheduled job's step (bots/scheduler): reason is a short, fixed phrase, never customer text. */
  job(kind: string, outcome: string, reason = ''): void {
    this.jobs.inc({ kind, outcome, reason });
  }

  /** Reports `read()` as the depth of `name` on every scrape; a second call for the same name replaces the first. */
  watchQueue(name: string, read: QueueDepthReader): void {
    this.queues.set(name, read);
  }

  /** Prometheus text exposition format. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
