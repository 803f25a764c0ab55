import https from 'node:https';
import type { CosmosStore } from '../../bots/state/cosmosStore';

/** Where the Cosmos DB stand-in listens and the certificate to trust, as the bench hands it to servers. */
export interface CosmosTarget {
  endpoint: string;
  /** PEM of the stand-in's self-signed certificate (it is its own CA). */
  caPem: string;
  containerId: string;
}

export const BENCH_COSMOS_DATABASE = 'switchboard-bench';

export function isCosmosTarget(value: unknown): value is Omit<CosmosTarget, 'containerId'> {
  return typeof value === 'object' && value !== null && 'endpoint' in value && typeof value.endpoint === 'string' && 'caPem' in value && typeof value.caPem === 'string';
}

/** The env a server process reads the target from (bench/lib/serve.ts, BENCH_STORE=cosmos). */
export function cosmosEnv(target: CosmosTarget): Record<string, string> {
  return { BENCH_COSMOS_ENDPOINT: target.endpoint, BENCH_COSMOS_CA: target.caPem, BENCH_COSMOS_CONTAINER: target.containerId };
}

export function cosmosTargetFromEnv(env: NodeJS.ProcessEnv): CosmosTarget {
  const { BENCH_COSMOS_ENDPOINT: endpoint, BENCH_COSMOS_CA: caPem, BENCH_COSMOS_CONTAINER: containerId } = env;
  if (!endpoint || !caPem || !containerId) throw new Error('cosmosTargetFromEnv(): BENCH_STORE=cosmos needs BENCH_COSMOS_ENDPOINT, BENCH_COSMOS_CA and BENCH_COSMOS_CONTAINER');
  return { endpoint, caPem, containerId };
}

/**
 * Our real CosmosStore on the stand-in. Loaded on demand, as in bots/state/storageFactory.ts: the
 * Cosmos SDK would otherwise add to every bench server's start-up time.
 */
export function openCosmosStore(target: CosmosTarget): CosmosStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CosmosStore: Store } = require('../../bots/state/cosmosStore') as typeof import('../../bots/state/cosmosStore');
  return new Store({
    endpoint: target.endpoint,
    key: 'bench-key',
    databaseId: BENCH_COSMOS_DATABASE,
    containerId: target.containerId,
    clientOptions: { agent: new https.Agent({ ca: target.caPem, keepAlive: true }) },
  });
}
