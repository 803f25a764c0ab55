import type { Storage, StoreItems } from '../botFramework';
import type { ManagedStorage } from './types';

/** Storage round trips since the store was wrapped (a read or write of several keys counts once). */
export interface StorageCounts {
  reads: number;
  writes: number;
  deletes: number;
  keysRead: number;
  keysWritten: number;
  keysDeleted: number;
  /** JSON size of the items written (counted only when asked: it serialises every item once more). */
  bytesWritten: number;
}

/**
 * Counts the round trips made to a store and passes every call through unchanged, so the benchmark
 * (and metrics) can tell how many reads and writes a turn costs. Wraps every botbuilder Storage, so
 * the stock-botbuilder baselines are counted the same way as ours.
 */
export class CountingStore implements ManagedStorage {
  private readonly tally: StorageCounts = { reads: 0, writes: 0, deletes: 0, keysRead: 0, keysWritten: 0, keysDeleted: 0, bytesWritten: 0 };

  constructor(
    private readonly inner: Storage & Partial<Pick<ManagedStorage, 'ping' | 'close' | 'keys'>>,
    private readonly options: { measureBytes?: boolean } = {},
  ) {}

  /** A copy, so callers can keep it as a "before" figure. */
  get counts(): StorageCounts {
    return { ...this.tally };
  }

  read(keys: string[]): Promise<StoreItems> {
    this.tally.reads += 1;
    this.tally.keysRead += keys.length;
    return this.inner.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    this.tally.writes += 1;
    this.tally.keysWritten += Object.keys(changes).length;
    if (this.options.measureBytes) for (const item of Object.values(changes)) this.tally.bytesWritten += Buffer.byteLength(JSON.stringify(item));
    return this.inner.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    this.tally.deletes += 1;
    this.tally.keysDeleted += keys.length;
    return this.inner.delete(keys);
  }

  keys(prefix: string): AsyncIterable<string> {
    if (!this.inner.keys) throw new Error('CountingStore.keys(): the wrapped store cannot list its keys');
    return this.inner.keys(prefix);
  }

  async ping(): Promise<void> {
    await this.inner.ping?.();
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
