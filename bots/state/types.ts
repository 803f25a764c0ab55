import type { Storage, StoreItem, StoreItems } from '../botFramework';

export type { StoreItem, StoreItems };

/**
 * A botbuilder `Storage` that the server owns for its whole life: it can be probed for
 * readiness and closed on shutdown.
 *
 * Contract shared by every implementation (memory, file, cosmos) and checked by
 * test/integration/storage.contract.test.ts:
 * - `read` returns only the keys that exist; every returned item carries a fresh `eTag`.
 * - `write` of an item with no `eTag` or `eTag: '*'` is an unconditional upsert.
 * - `write` of an item with `eTag: ETAG_NEW_ITEM` creates it only if the key does not exist (live);
 *   otherwise it rejects with `ETagConflictError`. This is how a first turn avoids overwriting a
 *   conversation another instance created a moment earlier.
 * - `write` of an item whose `eTag` differs from the stored one (or whose key no longer exists)
 *   rejects with `ETagConflictError` and writes nothing for that key.
 * - An item with a numeric `ttl` (seconds, Cosmos DB's convention) is not returned by `read`
 *   once that many seconds have passed since its last write.
 * - `delete` of a missing key is not an error.
 * - `keys(prefix)` yields every live key that starts with `prefix`, each once, in no set order.
 */
export interface ManagedStorage extends Storage {
  /**
   * Every live key under `prefix` ('' for all). A scan of the whole store, so it serves rare
   * operator work (export, erase, the retention check), never a customer's turn.
   */
  keys(prefix: string): AsyncIterable<string>;
  /** Resolves when the backing store answers; rejects otherwise (used by /readyz). */
  ping(): Promise<void>;
  /** Flushes and releases the backing store; the instance is unusable afterwards. */
  close(): Promise<void>;
}

/** The eTag to write a new item with: "create, but only if nobody else has". */
export const ETAG_NEW_ITEM = '<new>';

/** Thrown by `write` when an item's eTag no longer matches the stored one. */
export class ETagConflictError extends Error {
  constructor(
    public readonly place: string,
    public readonly key: string,
  ) {
    super(`${place}: eTag conflict on key "${key}"`);
    this.name = 'ETagConflictError';
  }
}

export function isETagConflict(err: unknown): err is ETagConflictError {
  return err instanceof ETagConflictError;
}

/**
 * The store did not answer (network, throttling past its retries, an outage): the turn cannot be
 * run now, and nothing of it happened. Ingresses answer 503 so the platform redelivers, instead of
 * acknowledging an update that was never processed.
 */
export class StorageUnavailableError extends Error {
  constructor(place: string, cause: unknown) {
    super(`${place}: the store is unavailable (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** Whether `err`, or an error it was caused by, is a StorageUnavailableError. */
export function isStorageUnavailable(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth += 1) {
    if (current instanceof StorageUnavailableError) return true;
  }
  return false;
}

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/**
 * Whether a store error is the kind that passes (network, timeout, throttling, a 5xx), as opposed
 * to one that would fail the same way on every redelivery (a 400 for a bad id, a 413 for an item
 * too large): only the first kind is worth a 503 and the platform's redelivery.
 */
export function isTransientStoreError(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth += 1) {
    const { code, statusCode } = current as { code?: unknown; statusCode?: unknown };
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    const status = typeof statusCode === 'number' ? statusCode : typeof code === 'number' ? code : undefined;
    if (status !== undefined && (status === 408 || status === 429 || status === 449 || status >= 500)) return true;
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return true;
  }
  return false;
}
