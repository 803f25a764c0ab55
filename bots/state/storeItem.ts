import type { ManagedStorage, StoreItem } from './types';
import { ETAG_NEW_ITEM, isETagConflict } from './types';

/** Reads one item; undefined when it does not exist. */
export async function readItem<T extends object>(storage: ManagedStorage, key: string): Promise<(T & { eTag?: string }) | undefined> {
  return (await storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
}

/**
 * Read-modify-write of one item with its eTag, retried when another writer got there first, so
 * two instances never overwrite each other's change. `change` returns the new value, or undefined
 * to leave the item as it is.
 */
export async function updateItem<T extends object>(
  storage: ManagedStorage,
  key: string,
  change: (current: T | undefined) => T | undefined,
  ttlSeconds?: number,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await readItem<T>(storage, key);
    const next = change(current === undefined ? undefined : stripETag(current));
    if (next === undefined) return current;
    const item: StoreItem = { ...next, eTag: current?.eTag ?? ETAG_NEW_ITEM, ...(ttlSeconds !== undefined ? { ttl: ttlSeconds } : {}) };
    try {
      await storage.write({ [key]: item });
      return next;
    } catch (err) {
      if (!isETagConflict(err) || attempt >= 8) throw err;
    }
  }
}

function stripETag<T extends object>(item: T & { eTag?: string }): T {
  const copy: T & { eTag?: string; ttl?: number } = { ...item };
  delete copy.eTag;
  delete copy.ttl;
  return copy;
}
