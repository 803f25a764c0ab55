/** Messages between the benchmark (parent) and a server under test (child process, over IPC). */

/** What a server reports about itself; counters are totals since it started. */
export interface ServerStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** User + system CPU time of the server process; per turn it is far less disturbed by other load than req/s. */
  cpuMicros: number;
  storeReads: number;
  storeWrites: number;
  /** Keys read, written and deleted: on Cosmos DB each is one request. */
  storeRequests: number;
  /** JSON bytes written (Cosmos DB store only; 0 elsewhere). */
  storeBytesWritten: number;
  /** Turns the pipeline completed (ours only; baselines count their 2xx answers instead). */
  turns?: number;
  /** Turns the pipeline ran again because another process had written their state first (eTag conflict). */
  conflicts?: number;
  /** Bytes the store's files take on disk (file store only), as du counts them. */
  storeBytes?: number;
}

export interface ReadyMessage {
  type: 'ready';
  port: number;
  stats: ServerStats;
  /** Case-specific data the load generator needs (e.g. Direct Line tokens). */
  fixtures?: unknown;
}

export interface StatsMessage {
  type: 'stats';
  stats: ServerStats;
}

export type ChildMessage = ReadyMessage | StatsMessage;
/** `collect`: run a full GC first (the server must run with --expose-gc), so heap figures show live data only. */
export type ParentMessage = { type: 'stats'; collect?: boolean } | { type: 'stop' };

export type StoreKind = 'memory' | 'file' | 'cosmos';

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && 'type' in value && (value.type === 'ready' || value.type === 'stats');
}

export function isParentMessage(value: unknown): value is ParentMessage {
  return typeof value === 'object' && value !== null && 'type' in value && (value.type === 'stats' || value.type === 'stop');
}
