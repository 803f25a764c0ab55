import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosmosStore } from '../../bots/state/cosmosStore';
import { FileStore } from '../../bots/state/fileStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { ManagedStorage } from '../../bots/state/types';
import { startFakeCosmos } from '../fakes/cosmosServer';

/** One store's data, which several handles (instances, or the same instance after a restart) can open. */
export interface SharedStore {
  /** Another handle on the same data: a second LMDB environment on the directory, a second Cosmos DB client on the container. Memory has only the one object. */
  handle(): Promise<ManagedStorage>;
  /** Closes every handle and removes the data. */
  close(): Promise<void>;
}

export interface SharedStoreFactory {
  name: string;
  open(): Promise<SharedStore>;
}

function memoryShared(): SharedStoreFactory {
  return {
    name: 'memory',
    async open() {
      const store = new MemoryStore();
      return { handle: async () => store, close: () => store.close() };
    },
  };
}

function fileShared(): SharedStoreFactory {
  return {
    name: 'file',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-shared-'));
      const handles: FileStore[] = [];
      return {
        async handle() {
          const store = new FileStore(dir);
          handles.push(store);
          return store;
        },
        async close() {
          for (const store of handles) await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

function cosmosShared(): SharedStoreFactory {
  return {
    name: 'cosmos',
    async open() {
      const server = await startFakeCosmos();
      const containerId = `state-${randomUUID()}`;
      const handles: CosmosStore[] = [];
      return {
        async handle() {
          const store = new CosmosStore({ endpoint: server.endpoint, key: 'test-key', databaseId: 'switchboard-test', containerId, clientOptions: { agent: server.agent } });
          await store.init();
          handles.push(store);
          return store;
        },
        async close() {
          for (const store of handles) await store.close();
          await server.stop();
        },
      };
    },
  };
}

/** Memory, LMDB and the Cosmos DB stand-in, each able to give several handles on one store's data. */
export function sharedStoreFactories(): SharedStoreFactory[] {
  return [memoryShared(), fileShared(), cosmosShared()];
}
