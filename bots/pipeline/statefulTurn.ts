import { ActivityTypes, type Activity, type Middleware, type ResourceResponse, type TurnContext } from '../botFramework';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { markDuplicate, turnLogger } from '../observability/turnObserver';
import { type LoadedTurnState, TurnStateManager } from '../state/turnState';
import { isETagConflict, isTransientStoreError, StorageUnavailableError } from '../state/types';
import { ReplyDeliveryError } from './replyDelivery';
import { alreadySeen, dedupeId, DEFAULT_DEDUPE_TTL_MS, remember, SEEN_PROPERTY, seenActivities } from './dedupe';
import { appendEntry, outboxOf } from '../outbox/conversationOutbox';
import { reportDelivered, type ReplySender } from '../outbox/replySender';
import { completeInlineDelivery, planInlineDelivery, type InlinePlan } from '../outbox/inlineDelivery';

export interface StatefulTurnOptions {
  /** Attempts before a turn whose state keeps conflicting is given up (an error, not a silent overwrite). */
  maxAttempts?: number;
  dedupeTtlMs?: number;
  now?: () => number;
}

/** Counters the benchmark and metrics read. */
export interface TurnCounters {
  turns: number;
  duplicates: number;
  conflicts: number;
  stateWrites: number;
}

const HELD_REPLIES = Symbol('switchboard.heldReplies');

/** Replies of the attempt in progress; undefined outside an attempt, when sends go straight out. */
interface HeldReplies {
  pending: Partial<Activity>[] | undefined;
}

/** The replies this attempt has sent so far (held until the state is saved); empty outside an attempt. */
export function heldReplies(context: TurnContext): readonly Partial<Activity>[] {
  const held = context.turnState.get(HELD_REPLIES) as HeldReplies | undefined;
  return held?.pending ?? [];
}

/** Typing and trace activities are about the present moment and carry no state; they go out at once. */
function isImmediate(activity: Partial<Activity>): boolean {
  return activity.type === ActivityTypes.Typing || activity.type === ActivityTypes.Trace;
}

/**
 * Loads conversation and user state, skips activities processed before, runs the rest of the turn,
 * and saves state with the eTags it read. Replies are held back and saved with the state, in the
 * conversation's outbox (bots/outbox): on an eTag conflict (another instance wrote first) the state
 * is reloaded and the turn runs again, and only the successful attempt's replies are kept. Once
 * saved, the sender delivers them, after any earlier ones still pending; a redelivered activity
 * (one already processed) sends what its first run could not.
 */
export class StatefulTurn implements Middleware {
  readonly counters: TurnCounters = { turns: 0, duplicates: 0, conflicts: 0, stateWrites: 0 };
  private readonly maxAttempts: number;
  private readonly dedupeTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly state: TurnStateManager,
    private readonly sender: ReplySender,
    private readonly logger: Logger,
    options: StatefulTurnOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.dedupeTtlMs = options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const held: HeldReplies = { pending: undefined };
    context.turnState.set(HELD_REPLIES, held);
    context.onSendActivities(async (_ctx, activities, sendNow) => {
      const pending = held.pending;
      if (pending === undefined || activities.every(isImmediate)) return sendNow();
      pending.push(...activities);
      return activities.map((): ResourceResponse => ({ id: `pending-${randomUUID()}` }));
    });

    // A resume or proactive turn is not a delivery from the platform: nothing redelivers it, and
    // its fresh id (Azure's adapter makes one) would push real ones out of the remembered list.
    const activity = context.activity;
    const id = activity.type === ActivityTypes.Event && activity.name === 'continueConversation' ? undefined : dedupeId(activity);
    for (let attempt = 1; ; attempt += 1) {
      const loaded = await this.state.load(context);
      const conversation = loaded.scope('conversation');
      const seen = seenActivities(conversation[SEEN_PROPERTY]);
      if (id !== undefined && alreadySeen(seen, id, this.now())) {
        this.counters.duplicates += 1;
        markDuplicate(context);
        turnLogger(context, this.logger).info({ activityId: id }, 'duplicate activity acknowledged, not processed');
        await this.deliver(context, loaded, undefined);
        return;
      }
      if (id !== undefined) conversation[SEEN_PROPERTY] = remember(seen, id, this.now(), this.dedupeTtlMs);

      held.pending = [];
      let ownKey: string | undefined;
      let inline: InlinePlan | undefined;
      try {
        await next();
        const replies = held.pending;
        ownKey = replies.length > 0 ? (id ?? randomUUID()) : undefined;
        const added = appendEntry(conversation, loaded.deliveryMark, ownKey === undefined ? undefined : { key: ownKey, at: this.sender.now(), activities: replies });
        inline = added ? planInlineDelivery(context, loaded, outboxOf(conversation), added, this.sender.now()) : undefined;
        this.counters.stateWrites += await this.state.save(context);
      } catch (err) {
        held.pending = undefined;
        this.state.forget(context);
        if (isETagConflict(err) && attempt < this.maxAttempts) {
          this.counters.conflicts += 1;
          turnLogger(context, this.logger).debug({ attempt, key: err.key }, 'state changed underneath this turn; retrying');
          await delay(Math.random() * 5 * attempt);
          continue;
        }
        throw err;
      }
      held.pending = undefined;
      this.counters.turns += 1;
      if (inline) await this.completeInline(context, inline);
      else await this.deliver(context, loaded, ownKey);
      return;
    }
  }

  /**
   * Sends failures are the sender's to retry; what escapes it is the store failing to record
   * progress. A transient one answers 503 so the platform redelivers and the (deduplicated)
   * redelivery sends again, at worst a reply twice rather than never.
   */
  private async deliver(context: TurnContext, loaded: LoadedTurnState, ownKey: string | undefined): Promise<void> {
    try {
      await this.sender.deliver(context, loaded.conversationKey, outboxOf(loaded.scope('conversation')), loaded.deliveryMark, ownKey, loaded.deliveryMarkETag);
    } catch (err) {
      throw isTransientStoreError(err) ? new StorageUnavailableError('StatefulTurn.deliver()', err) : new ReplyDeliveryError(err);
    }
  }

  private async completeInline(context: TurnContext, plan: InlinePlan): Promise<void> {
    try {
      await completeInlineDelivery(context, plan);
    } catch (err) {
      throw new ReplyDeliveryError(err);
    }
    reportDelivered(context, plan.entry.activities);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
