import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosmosStore } from '../../bots/state/cosmosStore';
import { FileStore } from '../../bots/state/fileStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { ManagedStorage } from '../../bots/state/types';
import { startFakeCosmos } from '../fakes/cosmosServer';

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

/** A CosmosStore on its own container of a local Cosmos DB stand-in (one server per store). */
export function cosmosStoreFactory(): StoreFactory {
  const servers = new Map<ManagedStorage, Awaited<ReturnType<typeof startFakeCosmos>>>();
  return {
    name: 'cosmos',
    async open() {
      const server = await startFakeCosmos();
      const store = new CosmosStore({
        endpoint: server.endpoint,
        key: 'test-key',
        databaseId: 'switchboard-test',
        containerId: `state-${randomUUID()}`,
        clientOptions: { agent: server.agent },
      });
      await store.init();
      servers.set(store, server);
      return store;
    },
    async close(store) {
      await store.close();
      await servers.get(store)?.stop();
    },
  };
}

/** One entry per storage backend, so suites run the same cases against each. */
export function storeFactories(): StoreFactory[] {
  return [{ name: 'memory', open: async () => new MemoryStore(), close: (s) => s.close() }, fileStoreFactory(), cosmosStoreFactory()];
}
