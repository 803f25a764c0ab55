import { Mutex } from 'async-mutex';
import type { Activity } from '../../bots/botFramework';
import { ETAG_NEW_ITEM, isETagConflict, type ManagedStorage, type StoreItems } from '../../bots/state/types';

/** What the log knows of a conversation besides its activities. */
export interface ConversationHeader {
  userId: string;
  count: number;
  startedAt: string;
  /** Set once the bot has been told the customer joined, so reconnects do not greet again. */
  started: boolean;
  /** The page's language, for the greeting before the customer has said anything. */
  locale?: string;
  /** When the last append wrote the count (ISO), to tell a lost activity from one being written. */
  appendedAt?: string;
}

/** The conversation has no log (never created, or expired). */
export class ConversationNotFoundError extends Error {
  constructor(readonly conversationId: string) {
    super(`ConversationLog.append(): conversation ${conversationId} does not exist`);
    this.name = 'ConversationNotFoundError';
  }
}

export type ActivityListener = (activities: Partial<Activity>[], watermark: number) => void;

/** One page of the log: the activities after a watermark, and the watermark after them. */
export interface LogPage {
  activities: Partial<Activity>[];
  watermark: number;
  /** True when the page was cut at `limit` and more activities follow. */
  more: boolean;
}

const headerKey = (conversationId: string) => `webchat/log/${conversationId}`;
const activityKey = (conversationId: string, seq: number) => `webchat/log/${conversationId}/${seq}`;
const MAX_APPEND_ATTEMPTS = 20;
/** Activities per GET page or stream frame; a long history arrives in several. */
export const PAGE_SIZE = 100;
/** Recently appended or read activities kept in memory; polling clients mostly ask for these. */
const TAIL_CACHE_SIZE = 5_000;
/**
 * When a counted activity is lost (on Cosmos DB the count and the activities are separate requests,
 * and a crash can fall between them), readers step over it instead of stopping there for good: once
 * this process has waited for it LOST_AFTER_MS on its own clock (longer than Cosmos's own retries of
 * a throttled write, 30 s), or once something written after it is LOST_BY_WRITER_CLOCK_MS old by the
 * writer's clock (generous, so clock skew between instances cannot matter).
 */
const LOST_AFTER_MS = 60_000;
const LOST_BY_WRITER_CLOCK_MS = 10 * 60_000;

/** Each activity with its key and id at its position in the log, from `count` on. */
function positioned(conversationId: string, count: number, activities: Partial<Activity>[]): (readonly [string, Partial<Activity>])[] {
  return activities.map((activity, index) => {
    const seq = count + index;
    return [activityKey(conversationId, seq), { ...activity, id: `${conversationId}|${String(seq).padStart(7, '0')}` }] as const;
  });
}

const timeOf = (activity: Partial<Activity>): number => (activity.timestamp ? new Date(activity.timestamp).getTime() : Number.NaN);

/**
 * Every activity of a web chat conversation, in order, kept in the store so that a reload or a
 * server restart can replay them from any watermark. The watermark is the number of activities
 * the client has seen. Appends take the conversation's in-process mutex, and the header is written
 * with its eTag so that two instances appending at once cannot claim the same sequence number.
 */
export class ConversationLog {
  private readonly mutexes = new Map<string, Mutex>();
  private readonly listeners = new Map<string, Set<ActivityListener>>();
  // Stored activities never change, so a cached copy is never stale, even with other instances
  // appending; only the header (the count) must always come from the store.
  private readonly tail = new Map<string, Partial<Activity>>();
  /** When this process first found a counted activity missing, by key. */
  private readonly missingSince = new Map<string, number>();

  constructor(
    private readonly storage: ManagedStorage,
    private readonly now: () => number = Date.now,
  ) {}

  async header(conversationId: string): Promise<ConversationHeader | undefined> {
    const items = await this.storage.read([headerKey(conversationId)]);
    return items[headerKey(conversationId)] as ConversationHeader | undefined;
  }

  /** Creates the conversation for `userId`; resolves false when it already exists. */
  async create(conversationId: string, userId: string, locale?: string): Promise<boolean> {
    const header: ConversationHeader = { userId, count: 0, startedAt: new Date().toISOString(), started: false, ...(locale ? { locale } : {}) };
    try {
      await this.storage.write({ [headerKey(conversationId)]: { ...header, eTag: ETAG_NEW_ITEM } });
      return true;
    } catch (err) {
      if (isETagConflict(err)) return false;
      throw err;
    }
  }

  /** Marks the conversation started; resolves true only for the caller that did it first. */
  async markStarted(conversationId: string): Promise<boolean> {
    const updated = await this.updateHeader(conversationId, (header) => (header.started ? undefined : { ...header, started: true }));
    return updated !== undefined;
  }

  /**
   * Appends activities, giving each an id and a position; notifies live subscribers. The new count
   * and the activities go in one write call, header first and eTag-checked: one transaction on the
   * file and memory stores, one request per item on Cosmos DB (where a crash between the two can
   * leave a gap that `since` stops at). Rejects with ConversationNotFoundError when the
   * conversation does not exist.
   */
  async append(conversationId: string, activities: Partial<Activity>[]): Promise<Partial<Activity>[]> {
    const stored = await this.mutexFor(conversationId).runExclusive(async () => {
      let items: (readonly [string, Partial<Activity>])[] = [];
      const header = await this.updateHeader(
        conversationId,
        (current) => ({ ...current, count: current.count + activities.length, appendedAt: new Date(this.now()).toISOString() }),
        (current) => {
          items = positioned(conversationId, current.count, activities);
          return Object.fromEntries(items.map(([key, activity]) => [key, { activity }]));
        },
      );
      if (!header) throw new ConversationNotFoundError(conversationId);
      for (const [key, activity] of items) this.remember(key, activity);
      return { assigned: items.map(([, activity]) => activity), watermark: header.count };
    });
    for (const listener of this.listeners.get(conversationId) ?? []) listener(stored.assigned, stored.watermark);
    return stored.assigned;
  }

  /** The store key of a conversation's header, for reading it with a turn's state. */
  headerKeyOf(conversationId: string): string {
    return headerKey(conversationId);
  }

  /**
   * The items that append `activities` on top of `stored` (the header as read with its eTag, by a
   * turn: bots/outbox/inlineDelivery.ts), for the caller to write in its own batch; `appended`
   * tells live subscribers once that write succeeded. Undefined when the conversation has no log.
   */
  prepareAppend(conversationId: string, activities: Partial<Activity>[], stored: unknown): { items: StoreItems; appended(): void } | undefined {
    if (typeof stored !== 'object' || stored === null) return undefined;
    const { eTag, ...header } = stored as ConversationHeader & { eTag?: string };
    if (typeof header.count !== 'number' || typeof eTag !== 'string') return undefined;
    const next: ConversationHeader = { ...header, count: header.count + activities.length, appendedAt: new Date(this.now()).toISOString() };
    const entries = positioned(conversationId, header.count, activities);
    const items: StoreItems = { [headerKey(conversationId)]: { ...next, eTag } };
    for (const [key, activity] of entries) items[key] = { activity };
    return {
      items,
      appended: () => {
        for (const [key, activity] of entries) this.remember(key, activity);
        const assigned = entries.map(([, activity]) => activity);
        for (const listener of this.listeners.get(conversationId) ?? []) listener(assigned, next.count);
      },
    };
  }

  /** Up to `limit` activities after `watermark`, and the watermark after them. */
  async since(conversationId: string, watermark: number, limit: number = PAGE_SIZE): Promise<LogPage> {
    const header = await this.header(conversationId);
    const count = header?.count ?? 0;
    const from = Math.max(0, Math.min(watermark, count));
    const length = Math.min(count - from, limit);
    const keys = Array.from({ length }, (_, i) => activityKey(conversationId, from + i));
    const missing = keys.filter((key) => !this.tail.has(key));
    const items = missing.length > 0 ? await this.storage.read(missing) : {};
    const found = keys.map((key) => this.tail.get(key) ?? (items[key] as { activity?: Partial<Activity> } | undefined)?.activity);
    // An activity whose item is not written yet (another instance mid-append) ends the page, so
    // the client's next watermark still points at it; one that is long overdue was lost.
    const activities: Partial<Activity>[] = [];
    let consumed = 0;
    for (const [index, activity] of found.entries()) {
      if (!activity) {
        if (!this.lost(keys[index] ?? '', found.slice(index + 1), header)) break;
        consumed += 1;
        continue;
      }
      this.remember(keys[index] ?? '', activity);
      activities.push(activity);
      consumed += 1;
    }
    const next = from + consumed;
    return { activities, watermark: next, more: next < count && consumed === length };
  }

  /** Whether a missing activity is lost rather than still being written (see LOST_AFTER_MS). */
  private lost(key: string, later: (Partial<Activity> | undefined)[], header: ConversationHeader | undefined): boolean {
    const now = this.now();
    const firstSeen = this.missingSince.get(key) ?? now;
    if (!this.missingSince.has(key)) {
      if (this.missingSince.size > TAIL_CACHE_SIZE) this.missingSince.clear();
      this.missingSince.set(key, now);
    }
    if (now - firstSeen >= LOST_AFTER_MS) return true;
    const next = later.find((activity) => activity !== undefined);
    const writtenAfter = next ? timeOf(next) : header?.appendedAt !== undefined ? Date.parse(header.appendedAt) : Number.NaN;
    return writtenAfter < now - LOST_BY_WRITER_CLOCK_MS;
  }

  subscribe(conversationId: string, listener: ActivityListener): () => void {
    const set = this.listeners.get(conversationId) ?? new Set<ActivityListener>();
    set.add(listener);
    this.listeners.set(conversationId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  /** Live subscribers of one conversation, or of all when no id is given. */
  subscriberCount(conversationId?: string): number {
    if (conversationId !== undefined) return this.listeners.get(conversationId)?.size ?? 0;
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  private remember(key: string, activity: Partial<Activity>): void {
    // Re-inserting moves the key to the end, so the oldest-used entry is the first to go.
    this.tail.delete(key);
    this.tail.set(key, activity);
    if (this.tail.size > TAIL_CACHE_SIZE) {
      const oldest = this.tail.keys().next();
      if (!oldest.done) this.tail.delete(oldest.value);
    }
  }

  private mutexFor(conversationId: string): Mutex {
    let mutex = this.mutexes.get(conversationId);
    if (!mutex) {
      mutex = new Mutex();
      this.mutexes.set(conversationId, mutex);
    }
    // Mutexes of idle conversations are dropped lazily so the map does not grow without bound.
    if (this.mutexes.size > 10_000) {
      for (const [id, m] of this.mutexes) if (!m.isLocked() && id !== conversationId) this.mutexes.delete(id);
    }
    return mutex;
  }

  /**
   * Read-modify-write of the header with its eTag; `change` returning undefined means "no change".
   * `alongside` adds items written in the same batch, after the header: if the header's eTag is
   * stale nothing of the batch is written (every store checks it first), and the whole change is
   * tried again on the fresh header.
   */
  private async updateHeader(
    conversationId: string,
    change: (header: ConversationHeader) => ConversationHeader | undefined,
    alongside: (header: ConversationHeader) => StoreItems = () => ({}),
  ): Promise<ConversationHeader | undefined> {
    const key = headerKey(conversationId);
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
      const item = (await this.storage.read([key]))[key] as (ConversationHeader & { eTag?: string }) | undefined;
      if (!item) return undefined;
      const { eTag, ...header } = item;
      const next = change(header);
      if (!next) return undefined;
      try {
        await this.storage.write({ [key]: { ...next, eTag }, ...alongside(header) });
        return next;
      } catch (err) {
        if (!isETagConflict(err)) throw err;
        // Another instance appended in between: back off a little, randomly, so two retrying
        // writers do not collide again on the very next attempt.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
      }
    }
    throw new Error(`ConversationLog.updateHeader(): conversation ${conversationId} kept changing underneath`);
  }
}
