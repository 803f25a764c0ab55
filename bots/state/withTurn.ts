import type { TurnContext } from '../botFramework';
import type { StoreItem, StoreItems } from './types';

/**
 * Items a channel keeps beside a conversation's state (the web chat's log header, Messenger's
 * messaging window) that it would otherwise read and write in round trips of their own: named
 * here before the turn runs, they are read with the turn's state and written in the same batch.
 */
interface WithTurn {
  reads: string[];
  writes: StoreItems;
  /** Writes decided by what the turn read: the key's item (or undefined) → the item to write, or undefined for none. */
  updates: Map<string, (current: StoreItem | undefined) => StoreItem | undefined>;
}

const WITH_TURN = Symbol('switchboard.withTurn');

function hintsOf(context: Pick<TurnContext, 'turnState'>): WithTurn {
  let hints = context.turnState.get(WITH_TURN) as WithTurn | undefined;
  if (!hints) {
    hints = { reads: [], writes: {}, updates: new Map() };
    context.turnState.set(WITH_TURN, hints);
  }
  return hints;
}

/** Reads `key` together with this turn's state; the item as read is `TurnStateManager.readWithTurn(context, key)`. */
export function readWithTurn(context: Pick<TurnContext, 'turnState'>, key: string): void {
  const hints = hintsOf(context);
  if (!hints.reads.includes(key)) hints.reads.push(key);
}

/**
 * Writes `item` (unconditionally, as an upsert) in the batch that saves this turn's state, before
 * the state: written only when the turn is saved, never for a redelivered activity.
 */
export function writeWithTurn(context: Pick<TurnContext, 'turnState'>, key: string, item: StoreItem): void {
  hintsOf(context).writes[key] = { ...item, eTag: '*' };
}

/** Reads `key` with the turn's state and writes what `change` makes of it in the save (unconditionally, before the state). */
export function updateWithTurn(context: Pick<TurnContext, 'turnState'>, key: string, change: (current: StoreItem | undefined) => StoreItem | undefined): void {
  readWithTurn(context, key);
  hintsOf(context).updates.set(key, change);
}

/** What the channel asked for; `leading(read)` is the items to write before the state, given what the turn read. */
export function withTurnHints(context: Pick<TurnContext, 'turnState'>): { reads: readonly string[]; leading(read: StoreItems): StoreItems } {
  const hints = context.turnState.get(WITH_TURN) as WithTurn | undefined;
  return {
    reads: hints?.reads ?? [],
    leading(read) {
      const items: StoreItems = { ...hints?.writes };
      for (const [key, change] of hints?.updates ?? []) {
        const next = change(read[key]);
        if (next !== undefined) items[key] = { ...next, eTag: '*' };
      }
      return items;
    },
  };
}
