import { resolve } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { FileStore } from './fileStore';
import { MemoryStore } from './memoryStore';
import type { ManagedStorage } from './types';

/** The store STORAGE names; the Cosmos client is loaded only when it is used. */
export async function createStorage(config: Config, logger: Logger): Promise<ManagedStorage> {
  const env = config.env;
  switch (env.STORAGE) {
    case 'memory':
      logger.warn('STORAGE=memory: conversations are lost when the server stops');
      return new MemoryStore();
    case 'file': {
      const directory = resolve(env.DATA_DIR);
      logger.info({ directory }, 'state in the embedded file store');
      return new FileStore(directory);
    }
    case 'cosmos': {
      // Loaded only here: the Cosmos SDK costs cold-start time for every server that does not use it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { CosmosStore } = require('./cosmosStore') as typeof import('./cosmosStore');
      if (!env.COSMOS_ENDPOINT) throw new Error('createStorage(): COSMOS_ENDPOINT is required for STORAGE=cosmos');
      const store = new CosmosStore({
        endpoint: env.COSMOS_ENDPOINT,
        key: env.COSMOS_KEY,
        ...(env.AZURE_CLIENT_ID ? { managedIdentityClientId: env.AZURE_CLIENT_ID } : {}),
        databaseId: env.COSMOS_DATABASE,
        containerId: env.COSMOS_CONTAINER,
        defaultTtl: env.COSMOS_DEFAULT_TTL,
      });
      const { ttlEnabled } = await store.init();
      if (!ttlEnabled) logger.warn({ container: env.COSMOS_CONTAINER }, 'TTL is off on the Cosmos DB container: items are never deleted when their retention ends (RETENTION_DAYS); turn it on with default TTL -1 (docs/privacy.md)');
      logger.info({ endpoint: env.COSMOS_ENDPOINT, database: env.COSMOS_DATABASE, container: env.COSMOS_CONTAINER }, 'state in Cosmos DB');
      return store;
    }
  }
}
