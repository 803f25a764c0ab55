import { ActivityTypes, DeliveryModes, TurnContext, type Activity } from '../botFramework';
import { updateItem } from '../state/storeItem';
import type { Logger } from '../logger';
import { turnLogger } from '../observability/turnObserver';
import { isETagConflict, type ManagedStorage } from '../state/types';
import { describe, refusalOf, verdictOf } from './deliveryErrors';
import { deliveryMarkKey, markOf, undelivered, type ConversationOutbox, type DeliveryMark, type PendingEntry } from './conversationOutbox';
import type { RetryIndex } from './retryIndex';
import { backoffMs, type DeliveryTuning } from './tuning';

/** What became of the replies of the turn in progress, for callers that report it (the agent inbox). */
export type DeliveryOutcome = { state: 'sent'; messages: number } | { state: 'queued'; reason: string } | { state: 'refused'; reason: string; refusal: string };

const OUTCOME_LISTENER = Symbol('switchboard.deliveryOutcome');
const DELIVERING = Symbol('switchboard.delivering');

/**
 * Calls `listener` with what became of the turn's own replies once they were saved and sent (or
 * queued, or refused). Turn state is gone when the turn ends, so the outcome is handed over, not read.
 */
export function onDeliveryOutcome(context: TurnContext, listener: (outcome: DeliveryOutcome) => void): void {
  context.turnState.set(OUTCOME_LISTENER, listener);
}

function report(context: TurnContext, outcome: DeliveryOutcome): void {
  (context.turnState.get(OUTCOME_LISTENER) as ((outcome: DeliveryOutcome) => void) | undefined)?.(outcome);
}

/** Tells the turn's outcome listener that its own replies went out. */
export function reportDelivered(context: TurnContext, activities: readonly Partial<Activity>[]): void {
  report(context, { state: 'sent', messages: activities.filter((a) => a.type === ActivityTypes.Message).length });
}

/**
 * The entry an adapter is being handed: its idempotency key and the index of the first activity
 * in the batch. A channel that can dedupe (a stable e-mail Message-ID) builds its id from these.
 */
export function deliveringEntry(context: TurnContext): { key: string; from: number } | undefined {
  return context.turnState.get(DELIVERING) as { key: string; from: number } | undefined;
}

/**
 * Sends a conversation's committed replies in order, within the turn that holds its lock. A
 * transient failure leaves the entry in place, notes the attempt in the delivery mark and puts the
 * conversation in the retry index (the worker resumes it after the backoff); a permanent one, or a
 * reply past the dead-letter age, becomes a dead letter and the next entry goes on.
 */
export class ReplySender {
  constructor(
    private readonly storage: ManagedStorage,
    private readonly index: RetryIndex,
    private readonly logger: Logger,
    private readonly tuning: () => DeliveryTuning,
    private readonly onQueued: () => void,
  ) {}

  now(): number {
    return this.tuning().clock.now();
  }

  async deliver(context: TurnContext, conversationKey: string, box: ConversationOutbox, loaded: DeliveryMark, ownKey: string | undefined, loadedETag?: string): Promise<void> {
    const { clock, deadLetterAfterMs, leaseMs } = this.tuning();
    const marks = new MarkWriter(this.storage, deliveryMarkKey(conversationKey), loadedETag);
    const log = turnLogger(context, this.logger);
    const todo = undelivered(box, loaded);
    const ownPending = ownKey !== undefined && todo.some(({ entry }) => entry.key === ownKey);
    // Sending into the response of an `expectReplies` caller cannot fail: no backoff applies.
    const buffered = context.activity.deliveryMode === DeliveryModes.ExpectReplies;
    if (todo.length > 0 && loaded.nextAttemptAt > clock.now() && !buffered) {
      // Waiting out a backoff or a retry_after: the worker sends when it is over.
      if (ownPending) report(context, { state: 'queued', reason: loaded.lastError ?? 'waiting to retry' });
      await this.queue(context, conversationKey, marks, loaded, false);
      return;
    }
    let mark = loaded;
    // Index entries up to this attempt time are this turn's to take out once all is delivered.
    let queuedUpTo = clock.now();
    if (ownPending && context.activity.type === ActivityTypes.Event && !mark.queued) {
      // A proactive turn has no platform to deliver it again after a crash: the index holds it
      // (due once a lease would have run out) until it is sent.
      queuedUpTo = clock.now() + leaseMs;
      await this.index.enqueue(conversationKey, TurnContext.getConversationReference(context.activity), queuedUpTo, clock.now());
      mark = { ...mark, queued: true };
    }
    for (const { entry, from } of todo) {
      const own = entry.key === ownKey;
      if (clock.now() - entry.at > deadLetterAfterMs) {
        await this.bury(conversationKey, entry, from, mark.attempts, 'not delivered within the dead-letter age');
        log.error({ conversationKey, entry: entry.key, attempts: mark.attempts, lastError: mark.lastError }, 'replies given up as a dead letter (too old)');
        mark = await this.advance(marks, entry, mark);
        continue;
      }
      context.turnState.set(DELIVERING, { key: entry.key, from });
      try {
        // Through the context, not the adapter: a caller that asked for `expectReplies` gets them in
        // its response, which TurnContext collects.
        await context.sendActivities(entry.activities.slice(from));
        if (own) reportDelivered(context, entry.activities);
        if (mark.attempts > 0) log.info({ conversationKey, entry: entry.key, attempts: mark.attempts + 1 }, 'replies delivered after retrying');
        mark = await this.advance(marks, entry, mark);
      } catch (err) {
        const verdict = verdictOf(err);
        if (verdict.permanent) {
          await this.bury(conversationKey, entry, from + verdict.delivered, mark.attempts + 1, describe(err));
          log.error({ err, conversationKey, entry: entry.key }, 'replies refused by the channel; kept as a dead letter');
          if (own) report(context, { state: 'refused', reason: describe(err), refusal: refusalOf(err) });
          mark = await this.advance(marks, entry, mark);
          continue;
        }
        const attempts = (entry.seq === mark.seq ? mark.attempts : 0) + 1;
        const wait = Math.max(verdict.retryAfterMs ?? 0, backoffMs(this.tuning(), attempts));
        const failed: DeliveryMark = { seq: entry.seq, part: from + verdict.delivered, attempts, nextAttemptAt: clock.now() + wait, lastError: describe(err), queued: mark.queued ?? false };
        log.warn({ err, conversationKey, entry: entry.key, attempts, retryInMs: wait }, 'replies not delivered; will retry');
        // The turn's own entry may be behind the one that failed: it waits too.
        if (ownPending) report(context, { state: 'queued', reason: describe(err) });
        await this.queue(context, conversationKey, marks, failed, true);
        return;
      } finally {
        context.turnState.delete(DELIVERING);
      }
    }
    if (mark.queued) {
      await this.index.remove(conversationKey, queuedUpTo);
      await marks.write({ ...mark, queued: false });
    } else if (todo.length === 0 && context.activity.type === ActivityTypes.Event) {
      // The retry worker's resume found nothing left (a mark written, the index update lost):
      // taking it out keeps the worker from resuming it for ever.
      await this.index.remove(conversationKey, clock.now());
    }
  }

  /**
   * Records the failed attempt and makes sure the retry worker knows the conversation: the index
   * first, so a mark saying "queued" never points at a conversation the index lost.
   */
  private async queue(context: TurnContext, conversationKey: string, marks: MarkWriter, mark: DeliveryMark, changed: boolean): Promise<void> {
    await this.index.enqueue(conversationKey, TurnContext.getConversationReference(context.activity), mark.nextAttemptAt, this.now());
    if (changed || !mark.queued) await marks.write({ ...mark, queued: true });
    this.onQueued();
  }

  private async advance(marks: MarkWriter, entry: PendingEntry, mark: DeliveryMark): Promise<DeliveryMark> {
    const next: DeliveryMark = { seq: entry.seq + 1, part: 0, attempts: 0, nextAttemptAt: 0, ...(mark.queued ? { queued: true } : {}) };
    await marks.write(next);
    return next;
  }

  private async bury(conversationKey: string, entry: PendingEntry, from: number, attempts: number, error: string): Promise<void> {
    const activities = entry.activities.slice(from);
    if (activities.length === 0) return;
    await this.index.bury({ conversationKey, key: entry.key, activities, error, attempts, failedAt: new Date(this.tuning().clock.now()).toISOString() });
  }
}

/**
 * Writes a conversation's delivery mark, checked by eTag and never moving it back: with several
 * instances, one that delivered less must not undo what another recorded (that would send an
 * entry again). The first write uses the eTag the turn loaded, saving a read on the usual path.
 */
class MarkWriter {
  constructor(
    private readonly storage: ManagedStorage,
    private readonly key: string,
    private eTag: string | undefined,
  ) {}

  async write(mark: DeliveryMark): Promise<void> {
    const known = this.eTag;
    this.eTag = undefined;
    if (known !== undefined) {
      try {
        await this.storage.write({ [this.key]: { ...mark, eTag: known } });
        return;
      } catch (err) {
        if (!isETagConflict(err)) throw err;
      }
    }
    await updateItem<DeliveryMark>(this.storage, this.key, (stored) => {
      const current = stored === undefined ? undefined : markOf(stored);
      const ahead = current !== undefined && (current.seq > mark.seq || (current.seq === mark.seq && current.part > mark.part));
      return ahead ? undefined : mark;
    });
  }
}
