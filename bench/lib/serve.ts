import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from 'botbuilder';
import { CountingStore } from '../../bots/state/countingStore';
import { FileStore } from '../../bots/state/fileStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { cosmosTargetFromEnv, openCosmosStore } from './benchCosmos';
import { isParentMessage, type ChildMessage, type ServerStats, type StoreKind } from './protocol';

/** What a server script hands back once it listens. */
export interface StartedServer {
  port: number;
  turns?: () => number;
  conflicts?: () => number;
  storeBytes?: () => number;
  fixtures?: unknown;
  stop(): Promise<void>;
}

/**
 * The store named by BENCH_STORE, counted; the file store lives in a temp dir removed on exit
 * (`dir`), Cosmos DB is the stand-in named in the env (bench/lib/benchCosmos.ts).
 */
export function benchStore(kind: StoreKind, memory: () => Storage = () => new MemoryStore()): { store: CountingStore; cleanup: () => void; dir?: string } {
  if (kind === 'memory') return { store: new CountingStore(memory()), cleanup: () => undefined };
  // On Cosmos DB every key is a request of its own, and its size drives the request charge.
  if (kind === 'cosmos') return { store: new CountingStore(openCosmosStore(cosmosTargetFromEnv(process.env)), { measureBytes: true }), cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  return { store: new CountingStore(new FileStore(dir)), cleanup: () => rmSync(dir, { recursive: true, force: true }), dir };
}

export function storeKindFromEnv(): StoreKind {
  const kind = process.env.BENCH_STORE;
  return kind === 'file' || kind === 'cosmos' ? kind : 'memory';
}

/** Disk blocks taken by the files of `dir` (not their apparent size: LMDB's file may be sparse). */
export function diskBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).blocks * 512, 0);
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * Runs in the child process: starts the server, reports "ready" over IPC, answers stats requests,
 * and exits cleanly on "stop" (so `--cpu-prof` can write its profile).
 */
export function serveBench(start: () => Promise<StartedServer>, store: CountingStore): void {
  const stats = (server: StartedServer): ServerStats => {
    const memory = process.memoryUsage();
    const counts = store.counts;
    const cpu = process.cpuUsage();
    return { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, cpuMicros: cpu.user + cpu.system, storeReads: counts.reads, storeWrites: counts.writes,
      storeRequests: counts.keysRead + counts.keysWritten + counts.keysDeleted, storeBytesWritten: counts.bytesWritten, ...(server.turns ? { turns: server.turns() } : {}),
      ...(server.conflicts ? { conflicts: server.conflicts() } : {}), ...(server.storeBytes ? { storeBytes: server.storeBytes() } : {}) };
  };
  start().then(
    (server) => {
      process.on('message', (message: unknown) => {
        if (!isParentMessage(message)) return;
        if (message.type === 'stats') {
          if (message.collect) (globalThis as { gc?: () => void }).gc?.();
          send({ type: 'stats', stats: stats(server) });
        }
        else void server.stop().finally(() => process.exit(0));
      });
      process.on('disconnect', () => process.exit(0));
      send({ type: 'ready', port: server.port, stats: stats(server), ...(server.fixtures === undefined ? {} : { fixtures: server.fixtures }) });
    },
    (err: unknown) => {
      console.error('bench server failed to start:', err);
      process.exit(1);
    },
  );
}
