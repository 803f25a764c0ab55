import type { BenchCase } from '../cases/types';
import { spawnServer, type RunningServer } from './child';
import { runLoad } from './load';
import type { ServerStats } from './protocol';

export interface BenchSettings {
  connections: number;
  conversations: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Extra node flags for our server's process (e.g. --cpu-prof). */
  oursNodeArgs: string[];
}

export interface CaseResult {
  key: string;
  description: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  readsPerTurn: number;
  writesPerTurn: number;
  /** Server CPU time per turn, in microseconds. */
  cpuUsPerTurn: number;
  turns: number;
  non2xx: number;
  errors: number;
  startMs: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the server has completed `target` turns (or stops making progress). */
async function turnsCompleted(server: RunningServer, target: number): Promise<ServerStats> {
  let last = await server.stats();
  let stalledSince = performance.now();
  while ((last.turns ?? 0) < target && performance.now() - stalledSince < 5000) {
    await sleep(50);
    const now = await server.stats();
    if ((now.turns ?? 0) > (last.turns ?? 0)) stalledSince = performance.now();
    last = now;
  }
  return last;
}

/**
 * A peer's run counts only if every answered request was one replied turn: fewer turns means lost
 * replies, more than the requests still in flight at either end means a turn replied twice; and
 * the fake platform API must have delivered as many replies as the server counted.
 */
function verifyTurns(benchCase: BenchCase, turns: number, answered: number, failed: number, delivered: number | undefined, slack: number): void {
  const where = `runCase(): ${benchCase.key}`;
  if (failed > 0) throw new Error(`${where}: ${failed} requests failed or were not answered 2xx`);
  if (turns < answered || turns > answered + slack) throw new Error(`${where}: ${turns} replied turns for ${answered} answered requests`);
  if (delivered !== undefined && Math.abs(delivered - turns) > slack) throw new Error(`${where}: the fake API delivered ${delivered} replies for ${turns} turns`);
}

/** Starts the case's fakes and server, warms it up, measures one run, and stops everything. */
export async function runCase(benchCase: BenchCase, settings: BenchSettings): Promise<CaseResult> {
  const fakes = await benchCase.fakes?.();
  const server = await spawnServer(benchCase.server, {
    env: { ...benchCase.env, ...fakes?.env, BENCH_STORE: benchCase.store ?? 'memory', BENCH_CONVERSATIONS: String(settings.conversations) },
    nodeArgs: benchCase.server === 'ours' ? settings.oursNodeArgs : [],
  });
  try {
    const request = benchCase.requests(server.ready, settings.conversations);
    const load = { port: server.port, connections: settings.connections, request };
    // Warm-up: JIT, NLU training, and every conversation created once, as in a running service.
    const warm = await runLoad({ ...load, duration: settings.warmupSeconds });
    if (benchCase.answersBeforeTurn) await turnsCompleted(server, warm.ok);
    const before = await server.stats();
    const repliesBefore = fakes?.replies?.();
    const started = performance.now();
    const measured = await runLoad({ ...load, duration: settings.durationSeconds });
    const after = benchCase.answersBeforeTurn ? await turnsCompleted(server, (before.turns ?? 0) + measured.ok) : await server.stats();
    const seconds = (performance.now() - started) / 1000;
    const turns = benchCase.countsTurns ? (after.turns ?? 0) - (before.turns ?? 0) : measured.ok;
    if (benchCase.verifiesTurns) {
      const delivered = repliesBefore === undefined ? undefined : (fakes?.replies?.() ?? 0) - repliesBefore;
      verifyTurns(benchCase, turns, measured.ok, measured.non2xx + measured.errors + warm.non2xx + warm.errors, delivered, 2 * settings.connections);
    }
    const perTurn = (count: number) => (turns > 0 ? Math.round((count / turns) * 100) / 100 : 0);
    return {
      key: benchCase.key,
      description: benchCase.description,
      reqPerSec: Math.round(benchCase.answersBeforeTurn ? turns / seconds : measured.reqPerSec),
      p50Ms: measured.p50Ms,
      p99Ms: measured.p99Ms,
      rssBeforeMb: mb(server.ready.stats.rssBytes),
      rssAfterMb: mb(after.rssBytes),
      readsPerTurn: perTurn(after.storeReads - before.storeReads),
      writesPerTurn: perTurn(after.storeWrites - before.storeWrites),
      cpuUsPerTurn: turns > 0 ? Math.round((after.cpuMicros - before.cpuMicros) / turns) : 0,
      turns,
      non2xx: measured.non2xx,
      errors: measured.errors,
      startMs: Math.round(server.startMs),
    };
  } finally {
    await server.stop();
    await fakes?.stop();
  }
}
