import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, type RootDatabase } from 'lmdb';
import { ETAG_NEW_ITEM, ETagConflictError, type ManagedStorage, type StoreItems } from './types';

/** What one key holds on disk: the item without its eTag, and when it expires (ms since epoch). */
interface DiskRecord {
  data: { [field: string]: unknown };
  expiresAt?: number;
}

export interface FileStoreOptions {
  now?: () => number;
  /** How often expired items are swept from disk; reads ignore them in between. */
  sweepIntervalMs?: number;
}

/** Any 48-bit number: unique enough that a stale eTag never matches a re-created item's. */
function newVersion(): number {
  return randomInt(1, 2 ** 48 - 1);
}

/**
 * The default store: LMDB (memory-mapped, copy-on-write B-tree, crash-safe) in DATA_DIR, so a
 * laptop needs no database server and several processes on one machine may share the directory.
 * eTags are LMDB entry versions; each write batch runs in one write transaction, which LMDB
 * serialises across processes, so the eTag check and the write cannot interleave with another.
 */
export class FileStore implements ManagedStorage {
  private readonly db: RootDatabase<DiskRecord, string>;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(directory: string, options: FileStoreOptions = {}) {
    mkdirSync(directory, { recursive: true });
    this.db = open<DiskRecord, string>({ path: directory, useVersions: true, compression: true });
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => void this.sweep(), options.sweepIntervalMs ?? 15 * 60 * 1000);
    this.sweeper.unref();
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const now = this.now();
    for (const key of keys) {
      const entry = this.db.getEntry(key);
      if (!entry?.value || FileStore.expired(entry.value, now)) continue;
      items[key] = { ...entry.value.data, eTag: String(entry.version) };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = this.now();
    const conflict = await this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const expected: unknown = item?.eTag;
        if (typeof expected !== 'string' || expected === '*') continue;
        const current = this.db.getEntry(key);
        const live = current?.value !== undefined && !FileStore.expired(current.value, now);
        const stale = expected === ETAG_NEW_ITEM ? live : !live || String(current?.version) !== expected;
        if (stale) return key;
      }
      for (const [key, item] of Object.entries(changes)) {
        const { eTag: _ignored, ...data } = (item ?? {}) as { [field: string]: unknown };
        const ttl = typeof data.ttl === 'number' && data.ttl > 0 ? data.ttl : undefined;
        const record: DiskRecord = ttl === undefined ? { data } : { data, expiresAt: now + ttl * 1000 };
        void this.db.put(key, record, newVersion());
      }
      return undefined;
    });
    if (conflict !== undefined) throw new ETagConflictError('FileStore.write()', conflict);
  }

  async delete(keys: string[]): Promise<void> {
    await this.db.transaction(() => {
      for (const key of keys) void this.db.remove(key);
    });
  }

  async *keys(prefix: string): AsyncIterable<string> {
    const now = this.now();
    // LMDB keeps keys in order: a prefix is one contiguous range.
    for (const { key, value } of this.db.getRange(prefix ? { start: prefix } : {})) {
      if (!key.startsWith(prefix)) break;
      if (value && !FileStore.expired(value, now)) yield key;
    }
  }

  async ping(): Promise<void> {
    this.db.getEntry('__ping__');
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.db.close();
  }

  /** Removes expired items; a full scan, so it runs rarely and off the request path. */
  async sweep(): Promise<number> {
    const now = this.now();
    const expired: string[] = [];
    for (const { key, value } of this.db.getRange()) {
      if (value && FileStore.expired(value, now)) expired.push(key);
    }
    if (expired.length > 0) {
      await this.db.transaction(() => {
        for (const key of expired) {
          const current = this.db.get(key);
          if (current && FileStore.expired(current, now)) void this.db.remove(key);
        }
      });
    }
    return expired.length;
  }

  private static expired(record: DiskRecord, now: number): boolean {
    return record.expiresAt !== undefined && record.expiresAt <= now;
  }
}
