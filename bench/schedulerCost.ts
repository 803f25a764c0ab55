import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../bots/logger';
import { DEFAULT_SCHEDULER_TUNING, JobStore, Scheduler } from '../bots/scheduler';
import { CountingStore } from '../bots/state/countingStore';
import { FileStore } from '../bots/state/fileStore';
import { MemoryStore } from '../bots/state/memoryStore';
import type { ManagedStorage } from '../bots/state/types';

export interface SchedulerCost {
  store: string;
  /** Store round trips of a pass with nothing due (what every instance pays each poll interval). */
  idleReadsPerPass: number;
  idleWritesPerPass: number;
  jobs: number;
  /** Round trips per job filed, and per job run to its end (lease, settle, index entry). */
  readsPerSchedule: number;
  writesPerSchedule: number;
  readsPerRun: number;
  writesPerRun: number;
  /** Jobs run per second with a handler that does nothing: the scheduler's own ceiling. */
  jobsPerSecond: number;
}

async function measure(name: string, open: () => Promise<{ storage: ManagedStorage; close: () => Promise<void> }>, jobs: number): Promise<SchedulerCost> {
  const { storage, close } = await open();
  const counted = new CountingStore(storage);
  // The real clock: jobs are filed due now, and idle passes are run by hand (kick), not by time.
  const scheduler = new Scheduler(new JobStore(counted), silentLogger(), { ...DEFAULT_SCHEDULER_TUNING, pollIntervalMs: 60 * 60_000 });
  let ran = 0;
  scheduler.handle('bench', async () => {
    ran += 1;
    return { done: 'sent' };
  });
  scheduler.start();
  await scheduler.idle();
  const idlePasses = 20;
  const beforeIdle = counted.counts;
  for (let i = 0; i < idlePasses; i += 1) {
    scheduler.kick();
    await scheduler.idle();
  }
  const afterIdle = counted.counts;
  scheduler.stop().catch(() => undefined);
  await scheduler.idle();
  // Filed while stopped, then run by a fresh instance: filing and running are counted apart.
  const now = Date.now();
  for (let i = 0; i < jobs; i += 1) await scheduler.schedule({ id: `bench/${i}`, kind: 'bench', dueAt: now, payload: { i } });
  const afterSchedule = counted.counts;
  const runner = new Scheduler(new JobStore(counted), silentLogger(), { ...DEFAULT_SCHEDULER_TUNING, pollIntervalMs: 60 * 60_000 });
  runner.handle('bench', async () => {
    ran += 1;
    return { done: 'sent' };
  });
  const started = performance.now();
  runner.start();
  while (ran < jobs) {
    await runner.idle();
    if (ran < jobs) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  const afterRun = counted.counts;
  await runner.stop();
  await close();
  const per = (n: number, d: number) => Math.round((n / d) * 100) / 100;
  return {
    store: name,
    idleReadsPerPass: per(afterIdle.reads - beforeIdle.reads, idlePasses),
    idleWritesPerPass: per(afterIdle.writes - beforeIdle.writes, idlePasses),
    jobs,
    readsPerSchedule: per(afterSchedule.reads - afterIdle.reads, jobs),
    writesPerSchedule: per(afterSchedule.writes - afterIdle.writes, jobs),
    readsPerRun: per(afterRun.reads - afterSchedule.reads, jobs),
    writesPerRun: per(afterRun.writes - afterSchedule.writes, jobs),
    jobsPerSecond: Math.round(jobs / seconds),
  };
}

/** `--only=scheduler`: what the durable scheduler costs on the memory and file (LMDB) stores. */
export async function measureSchedulerCost(jobs: number): Promise<SchedulerCost[]> {
  const memory = await measure('memory', async () => ({ storage: new MemoryStore(), close: async () => undefined }), jobs);
  const file = await measure('file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-scheduler-'));
    const storage = new FileStore(dir);
    return { storage, close: async () => { await storage.close(); await rm(dir, { recursive: true, force: true }); } };
  }, jobs);
  return [memory, file];
}

export function printSchedulerCost(results: SchedulerCost[]): void {
  console.log('\nscheduler (bots/scheduler), a handler that does nothing:');
  for (const r of results) {
    console.log(`  ${r.store}: idle pass ${r.idleReadsPerPass} reads, ${r.idleWritesPerPass} writes; per job filed ${r.readsPerSchedule} reads, ${r.writesPerSchedule} writes; per job run ${r.readsPerRun} reads, ${r.writesPerRun} writes; ${r.jobsPerSecond} jobs/s over ${r.jobs} jobs`);
  }
}
