import type { ManagedStorage, StoreItems } from '../../bots/state/types';

/** A store that remembers every item written through it, as written (with the ttl the app gave it). */
export class RecordingStore implements ManagedStorage {
  readonly written = new Map<string, Record<string, unknown>>();

  constructor(private readonly inner: ManagedStorage) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    await this.inner.write(changes);
    for (const [key, item] of Object.entries(changes)) if (item) this.written.set(key, item as Record<string, unknown>);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  keys(prefix: string): AsyncIterable<string> {
    return this.inner.keys(prefix);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
