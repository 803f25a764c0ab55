import type { ConversationReference } from '../botFramework';
import type { Logger } from '../logger';
import type { RetryIndex } from './retryIndex';
import type { DeliveryTuning } from './tuning';

/** Runs a turn in the conversation with no bot logic: the pipeline then sends what is pending. */
export type ResumeConversation = (reference: Partial<ConversationReference>) => Promise<void>;

/**
 * Resumes conversations whose replies failed, when their backoff is over, also those another
 * process queued before it stopped or crashed. Each is leased in the index first, so instances
 * sharing a store take turns instead of sending the same reply. Passes never overlap.
 */
export class RetryWorker {
  private cancelTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private waiting = 0;

  constructor(
    private readonly index: RetryIndex,
    private readonly resume: ResumeConversation,
    private readonly logger: Logger,
    private readonly tuning: () => DeliveryTuning,
  ) {}

  /** Conversations with replies waiting (as of the last pass). */
  get depth(): number {
    return this.waiting;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: unknown) => {
        this.logger.error({ err }, 'RetryWorker.pass(): failed; trying again later');
        this.schedule(this.tuning().clock.now() + this.tuning().firstDelayMs);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** A promise that settles when the current pass (if any) has finished; for shutdown and tests. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.idle();
  }

  private async pass(): Promise<void> {
    const { clock, leaseMs, deadLetterAfterMs } = this.tuning();
    const queued = await this.index.list();
    const keys = Object.keys(queued);
    this.waiting = keys.length;
    let earliest = Infinity;
    for (const key of keys) {
      if (this.stopped) return;
      const entry = queued[key];
      if (!entry) continue;
      const due = Math.max(entry.nextAttemptAt, entry.leaseUntil);
      if (due > clock.now()) {
        earliest = Math.min(earliest, due);
        continue;
      }
      if (!(await this.index.lease(key, clock.now(), leaseMs))) continue;
      try {
        await this.resume(entry.reference);
      } catch (err) {
        // No turn could run (its channel is not enabled here, or refuses to start one), so no turn
        // will ever apply the dead-letter age: the index gives up on it after the same time.
        if (clock.now() - entry.since > deadLetterAfterMs) {
          await this.index.remove(key);
          this.logger.error({ err, conversationKey: key, since: new Date(entry.since).toISOString() }, 'pending replies given up: no turn could be run in their conversation');
        } else {
          this.logger.warn({ err, conversationKey: key }, 'resuming a conversation with pending replies failed; trying again after the lease');
        }
      }
    }
    // The turns just run rescheduled their conversations (or took them out); read when that is.
    const after = await this.index.list();
    this.waiting = Object.keys(after).length;
    for (const entry of Object.values(after)) earliest = Math.min(earliest, Math.max(entry.nextAttemptAt, entry.leaseUntil));
    if (earliest !== Infinity) this.schedule(earliest);
  }

  private schedule(at: number): void {
    if (this.stopped) return;
    const { clock } = this.tuning();
    this.cancelTimer?.();
    this.cancelTimer = clock.setTimer(() => this.kick(), Math.max(0, at - clock.now()));
  }
}
