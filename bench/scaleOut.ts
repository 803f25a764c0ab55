import { MAX_REMEMBERED, SEEN_PROPERTY, seenActivities } from '../bots/pipeline/dedupe';
import { expectRepliesActivity } from './cases/botFrameworkActivity';
import { cosmosEnv, isCosmosTarget, openCosmosStore, type CosmosTarget } from './lib/benchCosmos';
import { spawnServer, type RunningServer } from './lib/child';
import type { ServerStats } from './lib/protocol';
import { runTrackedLoad, type TrackedLoadResult } from './lib/trackedLoad';

export interface ScaleOptions {
  processes: number[];
  conversations: number;
  connectionsPerProcess: number;
  warmupSeconds: number;
  seconds: number;
}

export interface ScaleRow {
  processes: number;
  /** Turns completed by all servers together per second of the measured run. */
  turns_per_s: number;
  /** Mean over the servers of each one's CPU time per turn it ran. */
  cpu_us_per_turn: number;
  cpu_us_per_turn_each: number[];
  /** CPU of the Cosmos DB stand-in per turn of all servers: the shared bottleneck. */
  cosmos_cpu_us_per_turn: number;
  /** Cosmos DB requests per turn (keys read, written, deleted: one request each), all servers together. */
  cosmos_requests_per_turn: number;
  /** JSON bytes written per turn: request size drives a write's request charge. */
  bytes_written_per_turn: number;
  conflicts_retried: number;
  /** Turns the servers counted (whole run, warm-up included) and 2xx answers the load generators got. */
  turns_counted: number;
  /** Activity ids in the conversations' stored dedupe lists, all conversations together. */
  stored_ids: number;
  /** 2xx answers; fewer than turns counted by up to the connections of two runs (autocannon drops the answers in flight when it stops). */
  answered: number;
  non2xx: number;
  /** Answered ids missing from their conversation's stored dedupe list, or turns counted beyond the ids stored. */
  lost_updates: number;
  /** Conversations that had more than MAX_REMEMBERED turns: checked by list length only. */
  conversations_over_dedupe_cap: number;
}

const conversationKey = (c: number) => `azure.emulator/conversations/bench-conversation-${c}`;

/** Activity id `${tag}-${n}` was sent to conversation n % conversations (bench/cases/botFrameworkActivity.ts). */
function conversationOf(id: string, conversations: number): number {
  return Number(id.slice(id.lastIndexOf('-') + 1)) % conversations;
}

/**
 * Every 2xx answer must have left its activity id in the conversation's stored dedupe list (it is
 * saved in the same eTag-checked write as the rest of the turn's state), and as ids never repeat
 * each completed turn adds exactly one id: an answered id missing there, or fewer stored ids than
 * turns the servers completed, is a turn whose state another process overwrote.
 */
async function readBack(target: CosmosTarget, answered: string[], conversations: number): Promise<{ missing: number; storedIds: number; overCap: number }> {
  const expected = new Map<number, string[]>();
  for (const id of answered) {
    const c = conversationOf(id, conversations);
    expected.set(c, [...(expected.get(c) ?? []), id]);
  }
  const store = openCosmosStore(target);
  try {
    let missing = 0;
    let storedIds = 0;
    let overCap = 0;
    for (let c = 0; c < conversations; c += 1) {
      const item = (await store.read([conversationKey(c)]))[conversationKey(c)] as Record<string, unknown> | undefined;
      const stored = new Set(seenActivities(item?.[SEEN_PROPERTY]).ids);
      storedIds += stored.size;
      const ids = expected.get(c) ?? [];
      // Past the cap the list keeps only the newest ids, and which are newest depends on timing.
      if (stored.size >= MAX_REMEMBERED) overCap += 1;
      else missing += ids.filter((id) => !stored.has(id)).length;
    }
    return { missing, storedIds, overCap };
  } finally {
    await store.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Turns of requests the load generator stopped waiting for still finish: waits until no server counts more. */
async function settledTurns(servers: RunningServer[]): Promise<number> {
  const total = async () => (await Promise.all(servers.map((s) => s.stats()))).reduce((sum, s) => sum + (s.turns ?? 0), 0);
  let last = await total();
  for (;;) {
    await sleep(500);
    const now = await total();
    if (now === last) return now;
    last = now;
  }
}

const perTurn = (micros: number, turns: number) => (turns > 0 ? Math.round(micros / turns) : 0);

/** N servers on one fresh container, all on the same conversations at once. */
async function runScaleStep(cosmos: RunningServer, endpoint: Omit<CosmosTarget, 'containerId'>, processes: number, options: ScaleOptions): Promise<ScaleRow> {
  const target: CosmosTarget = { ...endpoint, containerId: `scale-${processes}-${Date.now()}` };
  const setup = openCosmosStore(target);
  await setup.init();
  await setup.close();
  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < processes; i += 1) {
      servers.push(await spawnServer('ours', { env: { BENCH_CHANNEL: 'api_messages', BENCH_STORE: 'cosmos', ...cosmosEnv(target) } }));
    }
    const runTag = `scale${Date.now()}`;
    const load = (from: number[], seconds: number) =>
      Promise.all(servers.map((server, i) => runTrackedLoad({
        port: server.port, connections: options.connectionsPerProcess, duration: seconds, from: from[i] ?? 0,
        request: (n) => ({ path: '/api/messages', body: expectRepliesActivity(n, options.conversations, `${runTag}-p${i}`) }),
      })));
    const warm = await load([], options.warmupSeconds);
    const before = await Promise.all(servers.map((s) => s.stats()));
    const cosmosBefore = await cosmos.stats();
    const started = performance.now();
    const measured = await load(warm.map((w) => w.next), options.seconds);
    const seconds = (performance.now() - started) / 1000;
    const after = await Promise.all(servers.map((s) => s.stats()));
    const cosmosAfter = await cosmos.stats();

    const delta = (pick: (s: ServerStats) => number) => after.map((a, i) => pick(a) - pick(before[i] as ServerStats));
    const turns = delta((s) => s.turns ?? 0);
    const cpu = delta((s) => s.cpuMicros);
    const totalTurns = turns.reduce((a, b) => a + b, 0);
    const each = cpu.map((micros, i) => perTurn(micros, turns[i] ?? 0));
    const all: TrackedLoadResult[] = [...warm, ...measured];
    const turnsCounted = await settledTurns(servers);
    const { missing, storedIds, overCap } = await readBack(target, all.flatMap((r) => r.answeredIds), options.conversations);
    const untracked = all.reduce((sum, r) => sum + r.untracked, 0);
    if (untracked > 0) console.log(`  (N=${processes}: ${untracked} answers without a replyToId could not be checked)`);
    return {
      processes,
      turns_per_s: Math.round(totalTurns / seconds),
      cpu_us_per_turn: Math.round(each.reduce((a, b) => a + b, 0) / each.length),
      cpu_us_per_turn_each: each,
      cosmos_cpu_us_per_turn: perTurn(cosmosAfter.cpuMicros - cosmosBefore.cpuMicros, totalTurns),
      conflicts_retried: delta((s) => s.conflicts ?? 0).reduce((a, b) => a + b, 0),
      cosmos_requests_per_turn: Math.round((delta((s) => s.storeRequests).reduce((a, b) => a + b, 0) / Math.max(1, totalTurns)) * 100) / 100,
      bytes_written_per_turn: perTurn(delta((s) => s.storeBytesWritten).reduce((a, b) => a + b, 0), totalTurns),
      turns_counted: turnsCounted,
      stored_ids: storedIds,
      answered: all.reduce((sum, r) => sum + r.ok, 0),
      non2xx: all.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
      lost_updates: overCap > 0 ? missing : Math.max(missing, turnsCounted - storedIds),
      conversations_over_dedupe_cap: overCap,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** `--only=scale`: 1, 2, 3 copies of our server sharing one Cosmos DB stand-in and the same conversations. */
export async function measureScaleOut(options: ScaleOptions): Promise<ScaleRow[]> {
  const cosmos = await spawnServer('cosmos');
  try {
    const endpoint = cosmos.ready.fixtures;
    if (!isCosmosTarget(endpoint)) throw new Error('measureScaleOut(): the Cosmos DB stand-in sent no endpoint');
    const rows: ScaleRow[] = [];
    for (const processes of options.processes) rows.push(await runScaleStep(cosmos, endpoint, processes, options));
    return rows;
  } finally {
    await cosmos.stop();
  }
}

/** The table, then the JSON line the issue asks for. */
export function printScale(rows: ScaleRow[], options: ScaleOptions): void {
  console.log(`\nscale-out: N copies of our server (/api/messages, CosmosStore) on ONE Cosmos DB stand-in (its own process, the shared bottleneck), ` +
    `${options.conversations} conversations shared by all, ${options.connectionsPerProcess} connections per server, ${options.warmupSeconds}s warm-up + ${options.seconds}s`);
  const header = ['processes', 'turns/s', 'CPU µs/turn (each)', 'Cosmos CPU µs/turn', 'requests/turn', 'bytes written/turn', 'conflicts retried', 'turns counted', 'ids stored', '2xx', 'non-2xx', 'lost updates'];
  const table = rows.map((r) => [String(r.processes), String(r.turns_per_s), `${r.cpu_us_per_turn} (${r.cpu_us_per_turn_each.join(', ')})`, String(r.cosmos_cpu_us_per_turn),
    String(r.cosmos_requests_per_turn), String(r.bytes_written_per_turn), String(r.conflicts_retried), String(r.turns_counted), String(r.stored_ids), String(r.answered), String(r.non2xx), `${r.lost_updates}${r.conversations_over_dedupe_cap > 0 ? ` (${r.conversations_over_dedupe_cap} conv. over cap)` : ''}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
  console.log(JSON.stringify({ scale: rows.map((r) => ({ processes: r.processes, turns_per_s: r.turns_per_s, cpu_us_per_turn: r.cpu_us_per_turn, cosmos_requests_per_turn: r.cosmos_requests_per_turn, bytes_written_per_turn: r.bytes_written_per_turn, conflicts_retried: r.conflicts_retried, lost_updates: r.lost_updates })) }));
}
