import { CosmosClient, type Container, type CosmosClientOptions, type ItemDefinition } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import { escapeKey } from './cosmosKeys';
import { ETAG_NEW_ITEM, ETagConflictError, type ManagedStorage, type StoreItems } from './types';

export interface CosmosStoreOptions {
  endpoint: string;
  /** Account key; without it the store signs in with managed identity (DefaultAzureCredential). */
  key?: string;
  /** Client id of the user-assigned managed identity to sign in with (AZURE_CLIENT_ID); unset: DefaultAzureCredential's own choice. */
  managedIdentityClientId?: string;
  databaseId: string;
  containerId: string;
  /** Container default TTL in seconds (-1: on without a default); undefined: leave TTL off. */
  defaultTtl?: number;
  /** Extra client options, e.g. an https agent that trusts a test server's certificate. */
  clientOptions?: Partial<CosmosClientOptions>;
  /** How long a read may take, its retries included (default 3 s). */
  readTimeoutMs?: number;
}

/**
 * The SDK retries a read that lost its connection ten times, a second apart: in an outage every
 * turn would hang for ten seconds before the ingress could answer 503. A point read takes
 * milliseconds; three seconds still leave room for a retry or two of a dropped connection.
 */
const DEFAULT_READ_TIMEOUT_MS = 3000;

/** One stored item: the document plus what Cosmos adds. */
interface StoredDocument extends ItemDefinition {
  id: string;
  realId: string;
  document: Record<string, unknown>;
  ttl?: number;
  _etag?: string;
  _ts?: number;
}

function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number' ? err.code : undefined;
}

/**
 * State in Azure Cosmos DB (NoSQL API), partitioned by `/id` so every read and write is a point
 * operation. eTags are Cosmos `_etag`s, checked by the service with If-Match.
 */
export class CosmosStore implements ManagedStorage {
  private readonly client: CosmosClient;
  private containerRef: Container | undefined;

  constructor(private readonly options: CosmosStoreOptions) {
    this.client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: new DefaultAzureCredential(options.managedIdentityClientId ? { managedIdentityClientId: options.managedIdentityClientId } : {}) }),
      ...options.clientOptions,
    });
  }

  /**
   * Creates the database and container when they are missing. With managed identity (data-plane
   * RBAC) only the read succeeds, so in Azure the deployment template creates both.
   */
  /**
   * Opens (or creates) the container. A container this creates has TTL on (-1 unless
   * `defaultTtl` says otherwise): Cosmos DB honours an item's `ttl` only then, and every item's
   * retention is its ttl (bots/state/retention.ts). Resolves with whether TTL is on, so the caller
   * can warn about a container made elsewhere without it, where nothing would ever expire.
   */
  async init(): Promise<{ ttlEnabled: boolean }> {
    const { database } = await this.client.databases.createIfNotExists({ id: this.options.databaseId });
    const { container, resource } = await database.containers.createIfNotExists({
      id: this.options.containerId,
      partitionKey: { paths: ['/id'] },
      defaultTtl: this.options.defaultTtl ?? -1,
    });
    this.containerRef = container;
    return { ttlEnabled: resource?.defaultTtl !== undefined && resource.defaultTtl !== null };
  }

  async read(keys: string[]): Promise<StoreItems> {
    const container = await this.container();
    const now = Math.floor(Date.now() / 1000);
    const abortSignal = AbortSignal.timeout(this.options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
    const found = await Promise.all(
      keys.map(async (key) => {
        const id = escapeKey(key);
        const { resource, statusCode } = await container.item(id, id).read<StoredDocument>({ abortSignal });
        if (statusCode === 404 || !resource) return undefined;
        // Cosmos removes expired items only when the container's TTL is on; this keeps the
        // contract either way.
        if (resource.ttl !== undefined && resource.ttl > 0 && resource._ts !== undefined && resource._ts + resource.ttl <= now) return undefined;
        return [key, { ...resource.document, eTag: resource._etag }] as const;
      }),
    );
    return Object.fromEntries(found.filter((entry) => entry !== undefined));
  }

  /**
   * Writes each item with its own condition. Cosmos has no cross-partition transaction, so unlike
   * the file store a batch is not all-or-nothing: items before a conflicting one stay written.
   */
  async write(changes: StoreItems): Promise<void> {
    const container = await this.container();
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...document } = (item ?? {}) as Record<string, unknown>;
      const id = escapeKey(key);
      const body: StoredDocument = { id, realId: key, document, ...(typeof document.ttl === 'number' ? { ttl: document.ttl } : {}) };
      try {
        if (eTag === ETAG_NEW_ITEM) await container.items.create(body);
        else if (typeof eTag === 'string' && eTag !== '*') await container.item(id, id).replace(body, { accessCondition: { type: 'IfMatch', condition: eTag } });
        else await container.items.upsert(body);
      } catch (err) {
        const status = statusOf(err);
        if (status === 412 || status === 409 || status === 404) throw new ETagConflictError('CosmosStore.write()', key);
        throw err;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    const container = await this.container();
    await Promise.all(
      keys.map(async (key) => {
        const id = escapeKey(key);
        try {
          await container.item(id, id).delete();
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }),
    );
  }

  async *keys(prefix: string): AsyncIterable<string> {
    const container = await this.container();
    const now = Math.floor(Date.now() / 1000);
    // The prefix is tested here, not in the query: realId is the unescaped key, and a query
    // filter would need an index policy on it that existing containers may not have.
    const query = container.items.query<Pick<StoredDocument, 'realId' | 'ttl' | '_ts'>>('SELECT c.realId, c.ttl, c._ts FROM c', { maxItemCount: 1000 });
    while (query.hasMoreResults()) {
      const { resources } = await query.fetchNext();
      for (const doc of resources ?? []) {
        if (typeof doc.realId !== 'string' || !doc.realId.startsWith(prefix)) continue;
        if (doc.ttl !== undefined && doc.ttl > 0 && doc._ts !== undefined && doc._ts + doc.ttl <= now) continue;
        yield doc.realId;
      }
    }
  }

  async ping(): Promise<void> {
    await (await this.container()).read();
  }

  async close(): Promise<void> {
    this.client.dispose();
  }

  private async container(): Promise<Container> {
    if (!this.containerRef) await this.init();
    if (!this.containerRef) throw new Error('CosmosStore.container(): container was not created');
    return this.containerRef;
  }
}
