import type { StatePropertyAccessor, TurnContext } from '../botFramework';
import { deliveryMarkKey, markOf, type DeliveryMark } from '../outbox/conversationOutbox';
import { stateKeysFor } from './stateKeys';
import { withTurnHints } from './withTurn';
import { ETAG_NEW_ITEM, isTransientStoreError, StorageUnavailableError, type ManagedStorage, type StoreItems } from './types';

export type StateScope = 'conversation' | 'user';
type Bag = Record<string, unknown>;

/** One storage item as read in this turn, with the eTag it had, so the write can be checked. */
interface Slot {
  key: string;
  eTag: string | undefined;
  data: Bag;
  loadedJson: string;
}

/** Conversation and user state of one turn, read in one storage round trip. */
export class LoadedTurnState {
  /** Written after the state in the same batch (bots/outbox: replies delivered by the write itself, and the mark saying so). */
  private readonly trailing: StoreItems = {};

  constructor(
    private readonly conversationSlot: Slot,
    private readonly userSlot: Slot | undefined,
    /** How far the conversation's committed replies were delivered (bots/outbox). */
    readonly deliveryMark: DeliveryMark,
    /** The mark's eTag as read (ETAG_NEW_ITEM when there is none yet), so its next write can be checked without reading it again. */
    readonly deliveryMarkETag: string,
    /** Items a channel asked to read with the turn (bots/state/withTurn.ts), as read, with their eTags. */
    private readonly side: StoreItems = {},
    /** Items a channel asked to write with the turn, before the state. */
    private readonly leading: StoreItems = {},
  ) {}

  /** An item named with `readWithTurn`, as this turn read it (with its eTag); undefined when it does not exist. */
  sideItem(key: string): StoreItems[string] | undefined {
    return this.side[key];
  }

  /**
   * Adds items to the save, after the state: on a store that writes item by item (Cosmos DB) a
   * conflict on the state then stops the batch before them.
   */
  alsoWrite(items: StoreItems): void {
    Object.assign(this.trailing, items);
  }

  /** Takes back what `alsoWrite` added, so the next save writes the state alone. */
  dropTrailing(): void {
    for (const key of Object.keys(this.trailing)) delete this.trailing[key];
  }

  /** Whether `key` is this turn's conversation or user state item (not one added beside it). */
  isStateKey(key: string): boolean {
    return key === this.conversationSlot.key || key === this.userSlot?.key;
  }

  get conversationKey(): string {
    return this.conversationSlot.key;
  }

  scope(scope: StateScope): Bag {
    if (scope === 'conversation') return this.conversationSlot.data;
    // Activities with no sender still get a user bag; it is simply never saved.
    return this.userSlot?.data ?? {};
  }

  /** The items that changed since they were read, each carrying the eTag it was read with. */
  changes(): StoreItems {
    const changes: StoreItems = { ...this.leading };
    // User first: on Cosmos DB each item is its own request, and the conversation item carries the
    // ids already processed, so if only one write lands it is not the one that makes a redelivery
    // look done.
    for (const slot of [this.userSlot, this.conversationSlot]) {
      if (!slot) continue;
      if (JSON.stringify(slot.data) === slot.loadedJson) continue;
      // A new item must stay new: if another instance created it meanwhile, this write conflicts
      // and the turn is retried on top of that instance's state.
      changes[slot.key] = { ...slot.data, eTag: slot.eTag ?? ETAG_NEW_ITEM };
    }
    return Object.assign(changes, this.trailing);
  }
}

/** A conversation's state item and delivery mark as read outside a turn's load. */
export interface StoredConversation {
  conversation: Bag;
  mark: DeliveryMark;
  markETag: string;
}

const TURN_STATE = Symbol('switchboard.turnState');

function toSlot(key: string, items: StoreItems): Slot {
  const item = items[key] as Bag | undefined;
  if (!item) return { key, eTag: undefined, data: {}, loadedJson: '{}' };
  const { eTag, ...data } = item;
  return { key, eTag: typeof eTag === 'string' ? eTag : undefined, data, loadedJson: JSON.stringify(data) };
}

/**
 * Loads and saves per-turn state. Unlike botbuilder's BotState, which saves with eTag '*' (last
 * writer wins, so overlapping turns lose updates), this saves with the eTag that was read and lets
 * the caller retry the turn on a conflict.
 */
export class TurnStateManager {
  constructor(private readonly storage: ManagedStorage) {}

  async load(context: TurnContext): Promise<LoadedTurnState> {
    const keys = stateKeysFor(context);
    const markKey = deliveryMarkKey(keys.conversation);
    const hints = withTurnHints(context);
    const wanted = [keys.conversation, ...(keys.user ? [keys.user] : []), markKey, ...hints.reads];
    // Only here, before the turn did anything: a failed save may follow side effects (a booking
    // made), which a redelivery would repeat, so that stays an ordinary turn failure.
    const items = await this.storage.read(wanted).catch((err: unknown) => {
      throw isTransientStoreError(err) ? new StorageUnavailableError('TurnStateManager.load()', err) : err;
    });
    const side: StoreItems = {};
    for (const key of hints.reads) if (items[key] !== undefined) side[key] = items[key];
    const markETag = (items[markKey] as { eTag?: string } | undefined)?.eTag ?? ETAG_NEW_ITEM;
    const loaded = new LoadedTurnState(toSlot(keys.conversation, items), keys.user ? toSlot(keys.user, items) : undefined, markOf(items[markKey]), markETag, side, hints.leading(side));
    context.turnState.set(TURN_STATE, loaded);
    return loaded;
  }

  /** Writes what changed; returns the number of items written (0 when nothing changed). */
  async save(context: TurnContext): Promise<number> {
    const changes = TurnStateManager.current(context).changes();
    const count = Object.keys(changes).length;
    if (count > 0) await this.storage.write(changes);
    return count;
  }

  /** The conversation's state and delivery mark as stored now, read again after a save that failed part-way. */
  async readBack(loaded: LoadedTurnState): Promise<StoredConversation> {
    const markKey = deliveryMarkKey(loaded.conversationKey);
    const items = await this.storage.read([loaded.conversationKey, markKey]);
    const { eTag: _eTag, ...conversation } = (items[loaded.conversationKey] ?? {}) as Bag;
    return { conversation, mark: markOf(items[markKey]), markETag: (items[markKey] as { eTag?: string } | undefined)?.eTag ?? ETAG_NEW_ITEM };
  }

  forget(context: TurnContext): void {
    context.turnState.delete(TURN_STATE);
  }

  static current(context: TurnContext): LoadedTurnState {
    const loaded: unknown = context.turnState.get(TURN_STATE);
    if (!(loaded instanceof LoadedTurnState)) {
      throw new Error('TurnStateManager.current(): state was not loaded for this turn (is the pipeline installed?)');
    }
    return loaded;
  }
}

/** A named property in conversation or user state, usable wherever botbuilder wants an accessor. */
export class StateProperty<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly scopeName: StateScope,
    readonly name: string,
  ) {}

  async get(context: TurnContext): Promise<T | undefined>;
  async get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const bag = TurnStateManager.current(context).scope(this.scopeName);
    if (!(this.name in bag) && defaultValue !== undefined) {
      // Stored by reference, as BotState does, so callers can mutate the returned object.
      bag[this.name] = typeof defaultValue === 'object' && defaultValue !== null ? structuredClone(defaultValue) : defaultValue;
    }
    return bag[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    TurnStateManager.current(context).scope(this.scopeName)[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    delete TurnStateManager.current(context).scope(this.scopeName)[this.name];
  }
}
