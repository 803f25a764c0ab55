import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../bots/state/fileStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { ManagedStorage } from '../../bots/state/types';

export interface StoreFactory {
  name: string;
  open(): Promise<ManagedStorage>;
  close(storage: ManagedStorage): Promise<void>;
}

/** A FileStore in a fresh temporary directory, removed again on close. */
export function fileStoreFactory(): StoreFactory {
  const dirs = new Map<ManagedStorage, string>();
  return {
    name: 'file',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-store-'));
      const store = new FileStore(dir);
      dirs.set(store, dir);
      return store;
    },
    async close(store) {
      await store.close();
      const dir = dirs.get(store);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One entry per storage backend, so suites run the same cases against each. */
export function storeFactories(): StoreFactory[] {
  return [{ name: 'memory', open: async () => new MemoryStore(), close: (s) => s.close() }, fileStoreFactory()];
}
