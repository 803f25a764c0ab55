import { oursDirectLineCase } from './cases/oursDirectLine';
import { spawnServer } from './lib/child';
import { runLoad } from './lib/load';

export interface Soak10kOptions {
  conversations: number;
  turns: number;
  connections: number;
  sampleEveryMs: number;
}

export interface Soak10kSample {
  seconds: number;
  turns: number;
  storeBytes: number;
  rssMb: number;
  /** Heap in use; live data only when `collected`. */
  heapMb: number;
  collected: boolean;
  cpuMicros: number;
}

/** A figure over the second and over the last quarter of the turns, and whether it did not grow (flat or falling). */
export interface QuarterFigure {
  early: number;
  late: number;
  flat: boolean;
}

export interface Soak10kResult {
  conversations: number;
  turns: number;
  seconds: number;
  /** Spawn to ready, creating the Direct Line conversations included. */
  startMs: number;
  /** Store size once the conversations were created, before any turn. */
  emptyStoreBytes: number;
  samples: Soak10kSample[];
  storeBytesPerConversation: QuarterFigure;
  storeBytesPerTurn: QuarterFigure;
  rssMb: QuarterFigure;
  /** Medians of the samples taken right after a full GC. */
  liveHeapMb: QuarterFigure;
  cpuUsPerTurn: QuarterFigure;
  non2xx: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
/** Within `percent` of the early figure (noise on a shared 2-core machine is about that). */
/** Not grown by more than `percent` (a figure that falls is no leak). */
const within = (early: number, late: number, percent: number) => early === 0 || (late - early) / early <= percent / 100;

/**
 * `--only=soak10k`: our web chat (Direct Line) on the file store over many conversations, sampling
 * store size on disk, RSS and CPU per turn, to tell steady state from something growing per turn.
 */
export async function runSoak10k(options: Soak10kOptions): Promise<Soak10kResult> {
  const benchCase = oursDirectLineCase('file');
  // Every fifth sample runs a full GC first, so live heap can be told apart from garbage not yet collected.
  const server = await spawnServer(benchCase.server, { env: { ...benchCase.env, BENCH_STORE: 'file', BENCH_CONVERSATIONS: String(options.conversations) }, nodeArgs: ['--expose-gc'] });
  const started = performance.now();
  const samples: Soak10kSample[] = [];
  const sample = async () => {
    const collected = samples.length % 5 === 0;
    const stats = await server.stats(collected);
    samples.push({ seconds: Math.round((performance.now() - started) / 100) / 10, turns: stats.turns ?? 0, storeBytes: stats.storeBytes ?? 0, rssMb: mb(stats.rssBytes), heapMb: mb(stats.heapUsedBytes), collected, cpuMicros: stats.cpuMicros });
  };
  let non2xx: number;
  try {
    await sample();
    const sampler = setInterval(() => void sample(), options.sampleEveryMs);
    const load = await runLoad({ port: server.port, connections: options.connections, amount: options.turns, request: benchCase.requests(server.ready, options.conversations) });
    clearInterval(sampler);
    non2xx = load.non2xx + load.errors;
    await sample();
  } finally {
    await server.stop();
  }
  const last = samples[samples.length - 1];
  const turns = last?.turns ?? 0;
  const inQuarter = (from: number, to: number) => samples.filter((s) => s.turns >= turns * from && s.turns <= turns * to);
  // Rates over a quarter: from its first sample to its last.
  const rate = (from: number, to: number, pick: (s: Soak10kSample) => number) => {
    const inside = inQuarter(from, to);
    const first = inside[0];
    const end = inside[inside.length - 1];
    return first && end && end.turns > first.turns ? Math.round((pick(end) - pick(first)) / (end.turns - first.turns)) : 0;
  };
  const perConversation = (from: number, to: number) => Math.round((inQuarter(from, to).at(-1)?.storeBytes ?? 0) / options.conversations);
  const figure = (early: number, late: number, percent: number): QuarterFigure => ({ early, late, flat: within(early, late, percent) });
  const rss = figure(median(inQuarter(0.25, 0.5).map((s) => s.rssMb)), median(inQuarter(0.75, 1).map((s) => s.rssMb)), 10);
  return {
    conversations: options.conversations,
    turns,
    seconds: last?.seconds ?? 0,
    startMs: Math.round(server.startMs),
    emptyStoreBytes: samples[0]?.storeBytes ?? 0,
    samples,
    storeBytesPerConversation: figure(perConversation(0.25, 0.5), perConversation(0.75, 1), 10),
    storeBytesPerTurn: figure(rate(0.25, 0.5, (s) => s.storeBytes), rate(0.75, 1, (s) => s.storeBytes), 25),
    rssMb: rss,
    liveHeapMb: figure(median(inQuarter(0.25, 0.5).filter((s) => s.collected).map((s) => s.heapMb)), median(inQuarter(0.75, 1).filter((s) => s.collected).map((s) => s.heapMb)), 5),
    cpuUsPerTurn: figure(rate(0.25, 0.5, (s) => s.cpuMicros), rate(0.75, 1, (s) => s.cpuMicros), 15),
    non2xx,
  };
}

export function printSoak10k(soak: Soak10kResult): void {
  const flat = (f: QuarterFigure, unit: string) => `${f.early} → ${f.late} ${unit}: ${!f.flat ? 'GROWS' : f.late < f.early * 0.9 ? 'falls' : 'flat'}`;
  console.log(`\nsoak10k: ours, web chat Direct Line, file store (LMDB), ${soak.conversations} conversations created in ${soak.startMs} ms (store ${mb(soak.emptyStoreBytes)} MB), ` +
    `${soak.turns} turns in ${soak.seconds} s, ${soak.non2xx} non-2xx`);
  console.log('   s    turns  store MB  RSS MB  heap MB  CPU µs/turn  store B/turn (since last sample; * heap after a full GC)');
  soak.samples.forEach((s, i) => {
    const prev = soak.samples[i - 1];
    const dTurns = prev ? s.turns - prev.turns : 0;
    const cpu = prev && dTurns > 0 ? String(Math.round((s.cpuMicros - prev.cpuMicros) / dTurns)) : '-';
    const bytes = prev && dTurns > 0 ? String(Math.round((s.storeBytes - prev.storeBytes) / dTurns)) : '-';
    console.log(`${String(s.seconds).padStart(6)} ${String(s.turns).padStart(8)} ${String(mb(s.storeBytes)).padStart(9)} ${String(s.rssMb).padStart(7)} ${`${s.heapMb}${s.collected ? '*' : ' '}`.padStart(8)} ${cpu.padStart(12)} ${bytes.padStart(13)}`);
  });
  console.log(`  2nd quarter → last quarter: store per conversation ${flat(soak.storeBytesPerConversation, 'B')} (grows while logs fill: expected), ` +
    `store growth per turn ${flat(soak.storeBytesPerTurn, 'B')}, RSS median ${flat(soak.rssMb, 'MB')}, live heap ${flat(soak.liveHeapMb, 'MB')}, CPU per turn ${flat(soak.cpuUsPerTurn, 'µs')}`);
  console.log('  the web chat conversation log (channels/webchat/conversationLog.ts) keeps every activity, one store item each, with no cap or TTL: ' +
    'a conversation\'s share of the store grows with its turns for as long as it lives');
  console.log(JSON.stringify({ soak10k: { conversations: soak.conversations, turns: soak.turns, seconds: soak.seconds, store_bytes_per_turn: soak.storeBytesPerTurn.late,
    store_bytes_per_conversation: soak.storeBytesPerConversation.late, rss_mb: soak.rssMb, live_heap_mb: soak.liveHeapMb, cpu_us_per_turn: soak.cpuUsPerTurn, non2xx: soak.non2xx } }));
}
