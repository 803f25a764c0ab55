import { randomUUID } from 'node:crypto';
import { ETAG_NEW_ITEM, ETagConflictError, type ManagedStorage, type StoreItems } from './types';

interface Entry {
  json: string;
  eTag: string;
  expiresAt: number | undefined;
}

/** In-process store for tests and throwaway runs (STORAGE=memory); same eTag and TTL rules as the others. */
export class MemoryStore implements ManagedStorage {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const entry = this.live(key);
      if (entry) items[key] = { ...(JSON.parse(entry.json) as object), eTag: entry.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    // Check every key first so a conflict writes nothing of the batch.
    for (const [key, item] of Object.entries(changes)) {
      const expected: unknown = item?.eTag;
      const current = this.live(key);
      const stale = expected === ETAG_NEW_ITEM ? current !== undefined : current?.eTag !== expected;
      if (typeof expected === 'string' && expected !== '*' && stale) {
        throw new ETagConflictError('MemoryStore.write()', key);
      }
    }
    for (const [key, item] of Object.entries(changes)) {
      const { eTag: _ignored, ...data } = (item ?? {}) as Record<string, unknown>;
      const ttl = typeof data.ttl === 'number' && data.ttl > 0 ? data.ttl : undefined;
      this.entries.set(key, {
        json: JSON.stringify(data),
        eTag: randomUUID(),
        expiresAt: ttl === undefined ? undefined : this.now() + ttl * 1000,
      });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async *keys(prefix: string): AsyncIterable<string> {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix) && this.live(key)) yield key;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
