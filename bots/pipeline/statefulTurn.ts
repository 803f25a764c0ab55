import { ActivityTypes, type Activity, type Middleware, type ResourceResponse, type TurnContext } from '../botFramework';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { markDuplicate, turnLogger } from '../observability/turnObserver';
import { type LoadedTurnState, type StoredConversation, TurnStateManager } from '../state/turnState';
import { isETagConflict, isTransientStoreError, StorageUnavailableError } from '../state/types';
import { ReplyDeliveryError } from './replyDelivery';
import { isProactiveTurn } from './proactiveTurn';
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
    const id = isProactiveTurn(activity) ? undefined : dedupeId(activity);
    for (let attempt = 1; ; attempt += 1) {
      const loaded = await this.state.load(context);
      const conversation = loaded.scope('conversation');
      const seen = seenActivities(conversation[SEEN_PROPERTY]);
      if (id !== undefined && alreadySeen(seen, id, this.now())) {
        this.counters.duplicates += 1;
        markDuplicate(context);
        turnLogger(context, this.logger).info({ activityId: id }, 'duplicate activity acknowledged, not processed');
        await this.deliver(context, loaded.conversationKey, storedOf(loaded), undefined);
        return;
      }
      if (id !== undefined) conversation[SEEN_PROPERTY] = remember(seen, id, this.now(), this.dedupeTtlMs);

      held.pending = [];
      let sendReplies: () => Promise<void>;
      try {
        await next();
        const replies = held.pending;
        const ownKey = replies.length > 0 ? (id ?? randomUUID()) : undefined;
        const added = appendEntry(conversation, loaded.deliveryMark, ownKey === undefined ? undefined : { key: ownKey, at: this.sender.now(), activities: replies });
        const inline = added ? planInlineDelivery(context, loaded, outboxOf(conversation), added, this.sender.now()) : undefined;
        sendReplies = await this.save(context, loaded, inline, ownKey);
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
      await sendReplies();
      return;
    }
  }

  /** Saves the turn; resolves to how its replies then go out. A conflict on the state rejects (the turn runs again). */
  private async save(context: TurnContext, loaded: LoadedTurnState, inline: InlinePlan | undefined, ownKey: string | undefined): Promise<() => Promise<void>> {
    try {
      this.counters.stateWrites += await this.state.save(context);
    } catch (err) {
      if (!inline || (isETagConflict(err) && loaded.isStateKey(err.key))) throw err;
      return this.saveWithoutInline(context, loaded, inline, err);
    }
    return inline ? () => this.completeInline(context, inline) : () => this.deliver(context, loaded.conversationKey, storedOf(loaded), ownKey);
  }

  /**
   * The save failed on an item written beside the state for the replies (the web chat log's header,
   * which a customer's next message moved; or a log or mark write that Cosmos DB, writing item by
   * item, refused after the state landed). The turn itself stands: it is not run again (its side
   * effects would repeat), its replies go the usual way, whose failures the sender retries.
   */
  private async saveWithoutInline(context: TurnContext, loaded: LoadedTurnState, inline: InlinePlan, err: unknown): Promise<() => Promise<void>> {
    const stored = await this.state.readBack(loaded);
    turnLogger(context, this.logger).debug({ err, entry: inline.entry.key }, 'replies not written with the save; sending them the usual way');
    if (outboxOf(stored.conversation).entries.some((entry) => entry.key === inline.entry.key)) {
      return () => this.deliver(context, loaded.conversationKey, stored, inline.entry.key);
    }
    // Nothing landed (the memory and file stores write a batch whole). Only a conflict on the
    // items beside the state is worth a second save; anything else fails the turn as before.
    if (!isETagConflict(err)) throw err;
    loaded.dropTrailing();
    this.counters.stateWrites += await this.state.save(context);
    return () => this.deliver(context, loaded.conversationKey, storedOf(loaded), inline.entry.key);
  }

  /**
   * Sends failures are the sender's to retry; what escapes it is the store failing to record
   * progress. A transient one answers 503 so the platform redelivers and the (deduplicated)
   * redelivery sends again, at worst a reply twice rather than never.
   */
  private async deliver(context: TurnContext, conversationKey: string, stored: StoredConversation, ownKey: string | undefined): Promise<void> {
    try {
      await this.sender.deliver(context, conversationKey, outboxOf(stored.conversation), stored.mark, ownKey, stored.markETag);
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

function storedOf(loaded: LoadedTurnState): StoredConversation {
  return { conversation: loaded.scope('conversation'), mark: loaded.deliveryMark, markETag: loaded.deliveryMarkETag };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
