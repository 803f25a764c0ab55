import { Mutex } from 'async-mutex';
import type { Activity } from 'botbuilder';
import { ETAG_NEW_ITEM, isETagConflict, type ManagedStorage } from '../../bots/state/types';

/** What the log knows of a conversation besides its activities. */
export interface ConversationHeader {
  userId: string;
  count: number;
  startedAt: string;
  /** Set once the bot has been told the customer joined, so reconnects do not greet again. */
  started: boolean;
  /** The page's language, for the greeting before the customer has said anything. */
  locale?: string;
}

export type ActivityListener = (activities: Partial<Activity>[], watermark: number) => void;

const headerKey = (conversationId: string) => `webchat/log/${conversationId}`;
const activityKey = (conversationId: string, seq: number) => `webchat/log/${conversationId}/${seq}`;
const MAX_APPEND_ATTEMPTS = 20;

/**
 * Every activity of a web chat conversation, in order, kept in the store so that a reload or a
 * server restart can replay them from any watermark. The watermark is the number of activities
 * the client has seen. Appends take the conversation's in-process mutex, and the header is written
 * with its eTag so that two instances appending at once cannot claim the same sequence number.
 */
export class ConversationLog {
  private readonly mutexes = new Map<string, Mutex>();
  private readonly listeners = new Map<string, Set<ActivityListener>>();

  constructor(private readonly storage: ManagedStorage) {}

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
    return this.updateHeader(conversationId, (header) => (header.started ? undefined : { ...header, started: true })).then(
      (updated) => updated !== undefined,
    );
  }

  /** Appends activities, giving each an id and a position; notifies live subscribers. */
  async append(conversationId: string, activities: Partial<Activity>[]): Promise<Partial<Activity>[]> {
    const mutex = this.mutexFor(conversationId);
    const stored = await mutex.runExclusive(async () => {
      let assigned: Partial<Activity>[] = [];
      const header = await this.updateHeader(conversationId, (current) => {
        assigned = activities.map((activity, index) => ({
          ...activity,
          id: `${conversationId}|${String(current.count + index).padStart(7, '0')}`,
        }));
        return { ...current, count: current.count + activities.length };
      });
      if (!header) throw new Error(`ConversationLog.append(): conversation ${conversationId} does not exist`);
      const first = header.count - activities.length;
      await this.storage.write(Object.fromEntries(assigned.map((activity, index) => [activityKey(conversationId, first + index), { activity }])));
      return { assigned, watermark: header.count };
    });
    for (const listener of this.listeners.get(conversationId) ?? []) listener(stored.assigned, stored.watermark);
    return stored.assigned;
  }

  /** The activities after `watermark` and the new watermark. */
  async since(conversationId: string, watermark: number): Promise<{ activities: Partial<Activity>[]; watermark: number }> {
    const header = await this.header(conversationId);
    const count = header?.count ?? 0;
    const from = Math.max(0, Math.min(watermark, count));
    const keys = Array.from({ length: count - from }, (_, i) => activityKey(conversationId, from + i));
    if (keys.length === 0) return { activities: [], watermark: count };
    const items = await this.storage.read(keys);
    // An activity whose item is not written yet (another instance mid-append) ends the batch,
    // so the client's next watermark still points at it.
    const activities: Partial<Activity>[] = [];
    for (const key of keys) {
      const item = items[key] as { activity?: Partial<Activity> } | undefined;
      if (!item?.activity) break;
      activities.push(item.activity);
    }
    return { activities, watermark: from + activities.length };
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

  get subscriberCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
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

  /** Read-modify-write of the header with its eTag; `change` returning undefined means "no change". */
  private async updateHeader(
    conversationId: string,
    change: (header: ConversationHeader) => ConversationHeader | undefined,
  ): Promise<ConversationHeader | undefined> {
    const key = headerKey(conversationId);
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
      const item = (await this.storage.read([key]))[key] as (ConversationHeader & { eTag?: string }) | undefined;
      if (!item) return undefined;
      const { eTag, ...header } = item;
      const next = change(header);
      if (!next) return undefined;
      try {
        await this.storage.write({ [key]: { ...next, eTag } });
        return next;
      } catch (err) {
        if (!isETagConflict(err)) throw err;
      }
    }
    throw new Error(`ConversationLog.updateHeader(): conversation ${conversationId} kept changing underneath`);
  }
}
