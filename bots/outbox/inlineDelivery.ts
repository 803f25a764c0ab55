import { ActivityTypes, DeliveryModes, type Activity, type TurnContext } from '../botFramework';
import type { LoadedTurnState } from '../state/turnState';
import type { StoreItems } from '../state/types';
import { deliveryMarkKey, undelivered, type ConversationOutbox, type DeliveryMark, type PendingEntry } from './conversationOutbox';

/** The items whose write delivers a turn's replies (the web chat's log), and what to do once they are written. */
export interface StoredDelivery {
  items: StoreItems;
  /** Called after the save: tell live readers. */
  delivered(): void;
}

/** An adapter whose sends are writes to the bot's own store, so they can join the turn's save. */
export interface DeliversIntoStore {
  /** The items that deliver `activities`, built on what `loaded` read; undefined to send the usual way. */
  deliveryItems(context: TurnContext, activities: Partial<Activity>[], loaded: LoadedTurnState): StoredDelivery | undefined;
}

function deliversIntoStore(adapter: unknown): adapter is DeliversIntoStore {
  return typeof (adapter as Partial<DeliversIntoStore> | undefined)?.deliveryItems === 'function';
}

/** How the turn's own replies go out when they go with its save. */
export interface InlinePlan {
  entry: PendingEntry;
  /** Written with the save (web chat); undefined: handed to an `expectReplies` caller's response after it. */
  stored: StoredDelivery | undefined;
}

/**
 * Replies delivered by the turn's own save, saving the mark's write after sending (and, on the web
 * chat, the log's read and write): into the response of an `expectReplies` caller, which cannot
 * fail, or by an adapter whose sends are store writes. Only when nothing before them is pending or
 * backing off, so the order holds; the save moves the mark past them with the eTag the turn read.
 * The entry stays in the outbox until the next turn, as after any delivery: on a store that writes
 * item by item (Cosmos DB), a conflict or crash after the state but before the mark leaves it pending
 * and it is sent the usual way, never lost.
 */
export function planInlineDelivery(context: TurnContext, loaded: LoadedTurnState, box: ConversationOutbox, entry: PendingEntry, now: number): InlinePlan | undefined {
  // A proactive or resumed turn (an agent's reply, the retry worker) has no platform to deliver it
  // again: the sender puts it in the retry index until it is out, so it goes the usual way.
  if (context.activity.type === ActivityTypes.Event) return undefined;
  const mark = loaded.deliveryMark;
  const todo = undelivered(box, mark);
  if (mark.queued || mark.nextAttemptAt > now || todo.length !== 1 || todo[0]?.entry.seq !== entry.seq || todo[0].from !== 0) return undefined;
  let stored: StoredDelivery | undefined;
  if (context.activity.deliveryMode !== DeliveryModes.ExpectReplies) {
    if (!deliversIntoStore(context.adapter)) return undefined;
    stored = context.adapter.deliveryItems(context, entry.activities, loaded);
    if (!stored) return undefined;
  }
  const next: DeliveryMark = { seq: entry.seq + 1, part: 0, attempts: 0, nextAttemptAt: 0 };
  loaded.alsoWrite({ ...stored?.items, [deliveryMarkKey(loaded.conversationKey)]: { ...next, eTag: loaded.deliveryMarkETag } });
  return { entry, stored };
}

/** After the save: the replies reach an `expectReplies` caller's response, or live readers are told. */
export async function completeInlineDelivery(context: TurnContext, plan: InlinePlan): Promise<void> {
  if (plan.stored) plan.stored.delivered();
  else await context.sendActivities(plan.entry.activities);
}
