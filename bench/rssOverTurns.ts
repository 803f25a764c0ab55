import { oursApiMessagesCase } from './cases/oursApiMessages';
import { spawnServer } from './lib/child';
import { runLoad } from './lib/load';

export interface RssSample {
  turns: number;
  rssMb: number;
  heapUsedMb: number;
  cpuMicros: number;
  /** Taken right after a full GC: heapUsedMb is live data. */
  collected: boolean;
}

export interface RssOverTurns {
  turns: number;
  samples: RssSample[];
  earlyRssMb: number;
  lateRssMb: number;
  earlyHeapMb: number;
  lateHeapMb: number;
  /** Median RSS of the last quarter of the turns relative to that of the second quarter. */
  growthPercent: number;
  /** RSS grew less than 10% and the live heap less than 5% between those quarters (0 MB: no GC sample there). */
  flat: boolean;
  /** Server CPU per turn over the second and the last quarter: does a turn get dearer as history grows? */
  earlyCpuUsPerTurn: number;
  lateCpuUsPerTurn: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export interface SoakOptions {
  total: number;
  conversations: number;
  connections: number;
  sampleEveryMs: number;
  /** Every n-th sample runs a full GC first. */
  collectEvery: number;
}

/** Our /api/messages turn `total` times over the same conversations, sampling RSS as it goes. */
export async function measureRssOverTurns(options: SoakOptions): Promise<RssOverTurns> {
  const { total, conversations, connections } = options;
  const benchCase = oursApiMessagesCase('memory');
  // Some samples run a full GC first, so live heap can be told apart from garbage not yet collected.
  const server = await spawnServer(benchCase.server, { env: { ...benchCase.env, BENCH_STORE: 'memory' }, nodeArgs: ['--expose-gc'] });
  const samples: RssSample[] = [];
  const sample = async () => {
    const collected = samples.length % options.collectEvery === 0;
    const stats = await server.stats(collected);
    samples.push({ collected, turns: stats.turns ?? 0, rssMb: mb(stats.rssBytes), heapUsedMb: mb(stats.heapUsedBytes), cpuMicros: stats.cpuMicros });
  };
  try {
    await sample();
    const sampler = setInterval(() => void sample(), options.sampleEveryMs);
    await runLoad({ port: server.port, connections, amount: total, request: benchCase.requests(server.ready, conversations) });
    clearInterval(sampler);
    await sample();
  } finally {
    await server.stop();
  }
  // Medians of the second and the last quarter of the run: the first quarter is the heap growing
  // to its working size, and single samples jump with each major GC.
  const turns = samples[samples.length - 1]?.turns ?? 0;
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const quarter = (from: number, to: number, pick: (s: RssSample) => number, collectedOnly = false) =>
    median(samples.filter((s) => s.turns >= turns * from && s.turns <= turns * to && (s.collected || !collectedOnly)).map(pick));
  const cpuPerTurn = (from: number, to: number) => {
    const inside = samples.filter((s) => s.turns >= turns * from && s.turns <= turns * to);
    const first = inside[0];
    const last = inside[inside.length - 1];
    return first && last && last.turns > first.turns ? Math.round((last.cpuMicros - first.cpuMicros) / (last.turns - first.turns)) : 0;
  };
  const early = quarter(0.25, 0.5, (s) => s.rssMb);
  const late = quarter(0.75, 1, (s) => s.rssMb);
  const growthPercent = early > 0 ? Math.round(((late - early) / early) * 1000) / 10 : 0;
  const earlyHeapMb = quarter(0.25, 0.5, (s) => s.heapUsedMb, true);
  const lateHeapMb = quarter(0.75, 1, (s) => s.heapUsedMb, true);
  return {
    turns,
    samples,
    earlyRssMb: early,
    lateRssMb: late,
    earlyHeapMb,
    lateHeapMb,
    growthPercent,
    // RSS swings with each major GC, so the live heap (after a full GC) decides together with it.
    flat: growthPercent < 10 && (earlyHeapMb === 0 || lateHeapMb <= earlyHeapMb * 1.05),
    earlyCpuUsPerTurn: cpuPerTurn(0.25, 0.5),
    lateCpuUsPerTurn: cpuPerTurn(0.75, 1),
  };
}
