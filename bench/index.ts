import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentsSdkCase } from './cases/agentsSdk';
import { cloudAdapterEchoCase } from './cases/cloudAdapterEcho';
import { cloudAdapterStateCase } from './cases/cloudAdapterState';
import { oursApiMessagesCase } from './cases/oursApiMessages';
import { oursDirectLineCase } from './cases/oursDirectLine';
import { oursMessengerCase } from './cases/oursMessenger';
import { oursTelegramCase } from './cases/oursTelegram';
import { restifyCase } from './cases/restify';
import { chatSdkTelegramCase } from './cases/chatSdkTelegram';
import { telegrafBareCase } from './cases/telegrafBare';
import type { BenchCase } from './cases/types';
import { measureColdStart } from './coldStart';
import { runCase, type BenchSettings, type CaseResult } from './lib/runCase';
import { medianRounds } from './lib/rounds';
import { measureRssOverTurns } from './rssOverTurns';
import { runAttackSoak } from './attackSoak';
import { measureScaleOut, printScale } from './scaleOut';
import { printSoak10k, runSoak10k } from './soak10k';
import { measureSchedulerCost, printSchedulerCost } from './schedulerCost';

/**
 * `npm run bench [-- --quick] [-- --only=key,key] [-- --rounds=N] [-- --profile]`: baselines, peers (Agents SDK,
 * Chat SDK, telegraf) and our turn, each server in its own process, driven by autocannon at 50
 * connections over 1,000 conversations.
 * Ends with one JSON line (the issue's shape). --only also accepts cold_start, rss and scheduler, and `soak`
 * (not part of a default run): the attack soak, `--soak-seconds=N` (default 600); `scale`: 1–3 servers on
 * one Cosmos DB stand-in, `--scale-seconds=N` (default 10); `soak10k`: 10,000 web chat conversations on
 * the file store, `--soak-turns=N` (default 200,000).
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const profileDir = args.includes('--profile') ? join(tmpdir(), `switchboard-cpu-prof-${Date.now()}`) : undefined;
/** Extra node flags for our server only, to try V8 settings: --ours-node-args="--max-semi-space-size=32". */
const oursNodeArgs = args.find((a) => a.startsWith('--ours-node-args='))?.slice('--ours-node-args='.length).split(' ').filter(Boolean) ?? [];

const settings: BenchSettings = {
  connections: 50,
  conversations: 1000,
  warmupSeconds: quick ? 1 : 3,
  durationSeconds: quick ? 2 : 10,
  oursNodeArgs: [...oursNodeArgs, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
};
const rssTurns = quick ? 10_000 : 100_000;
/** `--rounds=N`: every case N times in turn, reporting each case's median round. */
const roundCount = Math.max(1, Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 1));

const allCases: BenchCase[] = [
  restifyCase,
  cloudAdapterEchoCase,
  cloudAdapterStateCase('memory'),
  agentsSdkCase,
  oursDirectLineCase('memory'),
  oursApiMessagesCase('memory'),
  telegrafBareCase,
  chatSdkTelegramCase,
  oursTelegramCase('memory'),
  oursMessengerCase('memory'),
  oursApiMessagesCase('file'),
  ...(quick ? [] : [oursApiMessagesCase('memory', true), cloudAdapterStateCase('file'), oursDirectLineCase('file'), oursTelegramCase('file'), oursMessengerCase('file')]),
];
const wanted = (key: string) => !only || only.includes(key);
const soakSeconds = Number(args.find((a) => a.startsWith('--soak-seconds='))?.slice('--soak-seconds='.length) ?? 600);

function printTable(results: CaseResult[]): void {
  const header = ['case', 'req/s', 'p50 ms', 'p99 ms', 'RSS MB before→after', 'reads/turn', 'writes/turn', 'CPU µs/turn', 'turns', 'non-2xx', 'start ms'];
  const rows = results.map((r) => [r.key, String(r.reqPerSec), String(r.p50Ms), String(r.p99Ms), `${r.rssBeforeMb}→${r.rssAfterMb}`, String(r.readsPerTurn), String(r.writesPerTurn), String(r.cpuUsPerTurn), String(r.turns), String(r.non2xx + r.errors), String(r.startMs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** Our CPU µs per turn over a peer's (lower is better for us); null unless both ran. */
function cpuRatio(ours: CaseResult | undefined, peer: CaseResult | undefined): number | null {
  return ours && peer && ours.cpuUsPerTurn > 0 && peer.cpuUsPerTurn > 0 ? Math.round((ours.cpuUsPerTurn / peer.cpuUsPerTurn) * 100) / 100 : null;
}

function printCpuRatios(ratios: Record<string, number | null>): void {
  const shown = (r: number | null) => (r === null ? 'not run' : `${r}×`);
  console.log('\nCPU per turn ratios (ours ÷ peer):');
  console.log(`  ours_api_messages ÷ agents_sdk_state:  ${shown(ratios.cpu_ratio_vs_agents_sdk ?? null)}`);
  console.log(`  ours_telegram ÷ telegraf_bare:         ${shown(ratios.telegram_cpu_ratio_vs_telegraf ?? null)} (issue 21 target: ≤ 2.5×)`);
  console.log(`  ours_telegram ÷ chat_sdk_telegram:     ${shown(ratios.telegram_cpu_ratio_vs_chat_sdk ?? null)}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`switchboard bench${quick ? ' (quick)' : ''}: ${settings.connections} connections, ${settings.conversations} conversations, ` +
    `${settings.warmupSeconds}s warm-up + ${settings.durationSeconds}s per case; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const rounds: CaseResult[][] = [];
  for (let round = 1; round <= roundCount; round += 1) {
    const results: CaseResult[] = [];
    if (roundCount > 1) console.log(`round ${round} of ${roundCount}`);
    for (const benchCase of allCases.filter((c) => wanted(c.key))) {
      const result = await runCase(benchCase, settings);
      results.push(result);
      console.log(`  ${result.key}: ${result.reqPerSec} req/s, p99 ${result.p99Ms} ms — ${benchCase.description}`);
    }
    if (results.length > 0 && roundCount > 1) printTable(results);
    rounds.push(results);
  }
  const results = medianRounds(rounds);
  if (results.length > 0) {
    console.log(roundCount > 1 ? `\neach case's median of ${roundCount} rounds (by CPU per turn):` : '');
    printTable(results);
  }
  const figure = (key: string) => results.find((r) => r.key === key);
  const ours = figure('ours_api_messages');
  const cpuRatios = {
    cpu_ratio_vs_agents_sdk: cpuRatio(ours, figure('agents_sdk_state')),
    telegram_cpu_ratio_vs_telegraf: cpuRatio(figure('ours_telegram'), figure('telegraf_bare')),
    telegram_cpu_ratio_vs_chat_sdk: cpuRatio(figure('ours_telegram'), figure('chat_sdk_telegram')),
  };
  if (Object.values(cpuRatios).some((r) => r !== null)) printCpuRatios(cpuRatios);

  let coldStartMs: number | undefined;
  if (wanted('cold_start')) {
    coldStartMs = await measureColdStart();
    console.log(`\ncold start (switchboard start to the first /api/messages reply): ${coldStartMs} ms`);
  }
  if (wanted('rss')) {
    const soak = await measureRssOverTurns({
      total: rssTurns,
      conversations: settings.conversations,
      connections: settings.connections,
      sampleEveryMs: quick ? 200 : 1000,
      collectEvery: quick ? 2 : 5,
    });
    const every = Math.max(1, Math.floor(soak.samples.length / 10));
    const shown = soak.samples.filter((_, i) => i % every === 0 || i === soak.samples.length - 1);
    console.log(`RSS over ${soak.turns} turns (ours, /api/messages, memory store): ${shown.map((s) => `${s.turns}:${s.rssMb}MB`).join(' ')}`);
    console.log(`  median RSS 2nd quarter ${soak.earlyRssMb} MB → last quarter ${soak.lateRssMb} MB (${soak.growthPercent}%), live heap after GC ${soak.earlyHeapMb} → ${soak.lateHeapMb} MB: ${soak.flat ? 'flat' : 'GROWS'}`);
    console.log(`  CPU per turn 2nd quarter ${soak.earlyCpuUsPerTurn} µs → last quarter ${soak.lateCpuUsPerTurn} µs (including the forced GCs)`);
  }
  if (wanted('scheduler')) printSchedulerCost(await measureSchedulerCost(quick ? 200 : 2000));
  if (only?.includes('soak')) {
    const soak = await runAttackSoak(soakSeconds);
    const bounded = soak.rssMb.peak < soak.rssMb.start * 2;
    console.log(`\nattack soak, ${soak.seconds} s: /healthz answered ${soak.health.answered}/${soak.health.asked} (p99 ${soak.health.p99Ms} ms, max ${soak.health.maxMs} ms); ` +
      `RSS ${soak.rssMb.start} → peak ${soak.rssMb.peak} → ${soak.rssMb.end} MB: ${bounded ? 'bounded' : 'GROWS'}`);
    for (const [attack, answers] of Object.entries(soak.attacks)) console.log(`  ${attack}: ${Object.entries(answers).map(([status, n]) => `${status}×${n}`).join(' ')}`);
  }
  if (only?.includes('scale')) {
    const scaleOptions = { processes: [1, 2, 3], conversations: 200, connectionsPerProcess: 25, warmupSeconds: quick ? 1 : 3, seconds: Number(args.find((a) => a.startsWith('--scale-seconds='))?.slice('--scale-seconds='.length) ?? 10) };
    printScale(await measureScaleOut(scaleOptions), scaleOptions);
  }
  if (only?.includes('soak10k')) {
    printSoak10k(await runSoak10k({ conversations: 10_000, connections: settings.connections, sampleEveryMs: 3000, turns: Number(args.find((a) => a.startsWith('--soak-turns='))?.slice('--soak-turns='.length) ?? 200_000) }));
  }
  if (profileDir) console.log(`CPU profiles of our server: ${profileDir}`);
  console.log(`(${Math.round((performance.now() - started) / 1000)} s)`);

  const ratio = (base: CaseResult | undefined) => (ours && base && base.reqPerSec > 0 ? Math.round((ours.reqPerSec / base.reqPerSec) * 100) / 100 : null);
  console.log(
    JSON.stringify({
      restify: figure('restify')?.reqPerSec ?? null,
      cloudadapter_state: figure('cloudadapter_state')?.reqPerSec ?? null,
      ours_directline: figure('ours_directline')?.reqPerSec ?? null,
      ours_api_messages: ours?.reqPerSec ?? null,
      ratio_vs_cloudadapter_state: ratio(figure('cloudadapter_state')),
      ratio_vs_restify: ratio(figure('restify')),
      agents_sdk_state: figure('agents_sdk_state')?.reqPerSec ?? null,
      ...cpuRatios,
      p99_ms: ours?.p99Ms ?? null,
      reads_per_turn: ours?.readsPerTurn ?? null,
      writes_per_turn: ours?.writesPerTurn ?? null,
      cold_start_ms: coldStartMs ?? null,
    }),
  );
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exit(1);
});
