import { strict as assert } from 'node:assert';
import { silentLogger } from '../../bots/logger';
import { JobStore, PermanentJobError, Scheduler, type JobDecision, type JobHandler, type JobOutcome, type SchedulerTuning } from '../../bots/scheduler';
import type { ManagedStorage } from '../../bots/state/types';
import { manualClock, type ManualClock } from '../support/manualClock';
import { sharedStoreFactories, type SharedStore } from '../support/sharedStores';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// A real-looking moment, so the stores' item TTLs (counted from it) stay sensible.
const START = Date.UTC(2026, 11, 3, 9, 17, 0);

function tuningFor(clock: ManualClock): SchedulerTuning {
  return { pollIntervalMs: 10_000, leaseMs: 2 * MINUTE, firstDelayMs: 30_000, maxDelayMs: HOUR, maxAttempts: 3, clock };
}

/** Lets every pass the clock's timers started finish, including passes those passes asked for at once. */
async function settle(clock: ManualClock, schedulers: Scheduler[]): Promise<void> {
  for (let round = 0; round < 50; round += 1) {
    clock.advanceBy(0);
    await Promise.all(schedulers.map((s) => s.idle()));
  }
}

/** Moves the clock to `to` in steps of `step`, letting the schedulers run at each. */
async function runUntil(clock: ManualClock, schedulers: Scheduler[], to: number, step = MINUTE): Promise<void> {
  await settle(clock, schedulers);
  while (clock.now() < to) {
    // Stops at each timer's time, so a pass runs (and its handlers see the clock) when it would.
    const timer = clock.nextAt;
    const limit = Math.min(to, clock.now() + step);
    clock.advanceTo(timer !== undefined && timer > clock.now() ? Math.min(limit, timer) : limit);
    await settle(clock, schedulers);
  }
}

/** Records each run of each job id, and the clock's time when it ran. */
function recorder(clock: ManualClock, decide: (id: string, runs: number) => JobDecision = () => ({ done: 'sent' })) {
  const runs = new Map<string, number[]>();
  const handler: JobHandler = async (job) => {
    const times = runs.get(job.id) ?? [];
    times.push(clock.now());
    runs.set(job.id, times);
    // A store round trip's worth of waiting, so two instances' passes interleave.
    await new Promise((resolve) => setImmediate(resolve));
    return decide(job.id, times.length);
  };
  return { runs, handler };
}

for (const factory of sharedStoreFactories()) {
  describe(`Scheduler on the ${factory.name} store`, function () {
    this.timeout(120_000);
    let shared: SharedStore;
    let clock: ManualClock;
    const schedulers: Scheduler[] = [];

    async function instance(handler: JobHandler, storage?: ManagedStorage, metrics?: { job(kind: string, outcome: JobOutcome, reason?: string): void }): Promise<Scheduler> {
      const scheduler = new Scheduler(new JobStore(storage ?? (await shared.handle())), silentLogger(), tuningFor(clock), metrics);
      scheduler.handle('reminder', handler);
      schedulers.push(scheduler);
      return scheduler;
    }

    beforeEach(async () => {
      shared = await factory.open();
      clock = manualClock(START);
    });
    afterEach(async () => {
      await Promise.all(schedulers.splice(0).map((s) => s.stop()));
      await shared.close();
    });

    it('runNow runs a due job at once and answers with its end; two instances calling it run it once, and the loop does not run it again', async () => {
      const { runs, handler } = recorder(clock);
      const [a, b] = [await instance(handler), await instance(handler)];
      a.start();
      b.start();
      await a.schedule({ id: 'event/evt-1', kind: 'reminder', dueAt: START, payload: {} });
      const [first, second] = await Promise.all([a.runNow('event/evt-1'), b.runNow('event/evt-1')]);
      await runUntil(clock, [a, b], START + 30 * MINUTE);
      assert.equal(runs.get('event/evt-1')?.length, 1);
      const ends = [first?.status, second?.status];
      assert.ok(ends.includes('done'), `neither call saw the end: ${ends.join(', ')}`);
      assert.equal((await a.get('event/evt-1'))?.outcome, 'sent');
      // A job not yet due is left for its time.
      await a.schedule({ id: 'reminder/later', kind: 'reminder', dueAt: clock.now() + HOUR, payload: {} });
      assert.equal((await a.runNow('reminder/later'))?.status, 'scheduled');
      assert.equal(runs.has('reminder/later'), false);
    });

    it('runs a job once at its due time and not before', async () => {
      const { runs, handler } = recorder(clock);
      const scheduler = await instance(handler);
      scheduler.start();
      await scheduler.schedule({ id: 'reminder/K7QX2M/24h', kind: 'reminder', dueAt: START + 3 * HOUR, payload: { code: 'K7QX2M' } });
      await runUntil(clock, [scheduler], START + 3 * HOUR - 1000);
      assert.equal(runs.size, 0, 'ran before it was due');
      await runUntil(clock, [scheduler], START + 6 * HOUR);
      assert.deepEqual(runs.get('reminder/K7QX2M/24h'), [START + 3 * HOUR]);
      const job = await scheduler.get('reminder/K7QX2M/24h');
      assert.equal(job?.status, 'done');
      assert.equal(job?.outcome, 'sent');
      assert.deepEqual(job?.payload, { code: 'K7QX2M' });
    });

    it('runs each of 40 jobs exactly once with two instances sharing the store', async () => {
      const { runs, handler } = recorder(clock);
      const first = await instance(handler);
      const second = await instance(handler);
      first.start();
      second.start();
      for (let n = 0; n < 40; n += 1) {
        // Spread over four hours, some of them at the same minute, filed from either instance.
        const by = n % 2 === 0 ? first : second;
        await by.schedule({ id: `reminder/job-${n}`, kind: 'reminder', dueAt: START + Math.floor(n / 3) * 20 * MINUTE, payload: { n } });
      }
      await runUntil(clock, [first, second], START + 5 * HOUR);
      for (let n = 0; n < 40; n += 1) assert.equal(runs.get(`reminder/job-${n}`)?.length, 1, `job ${n} ran ${runs.get(`reminder/job-${n}`)?.length ?? 0} times`);
      for (let n = 0; n < 40; n += 1) assert.equal((await first.get(`reminder/job-${n}`))?.status, 'done');
    });

    it('runs a job that fell due while no instance ran once, when one starts again', async () => {
      const { runs, handler } = recorder(clock);
      const before = await instance(handler);
      before.start();
      await before.schedule({ id: 'reminder/A/2h', kind: 'reminder', dueAt: START + 2 * HOUR, payload: {} });
      await before.schedule({ id: 'reminder/B/24h', kind: 'reminder', dueAt: START + 30 * HOUR, payload: {} });
      await runUntil(clock, [before], START + HOUR);
      await before.stop();
      clock.advanceTo(START + 5 * HOUR);
      const after = await instance(handler);
      after.start();
      await runUntil(clock, [after], START + 6 * HOUR);
      assert.deepEqual(runs.get('reminder/A/2h'), [START + 5 * HOUR]);
      assert.equal(runs.has('reminder/B/24h'), false, 'the later job ran early');
      await runUntil(clock, [after], START + 31 * HOUR, 10 * MINUTE);
      assert.deepEqual(runs.get('reminder/B/24h'), [START + 30 * HOUR]);
      assert.equal(runs.get('reminder/A/2h')?.length, 1);
    });

    it('catches up on jobs from more than two days of downtime, in due order', async () => {
      const order: string[] = [];
      const handler: JobHandler = async (job) => {
        order.push(job.id);
        return { done: 'sent' };
      };
      const before = await instance(handler);
      before.start();
      for (const hours of [100, 1, 60, 30]) await before.schedule({ id: `reminder/at-${hours}h`, kind: 'reminder', dueAt: START + hours * HOUR, payload: {} });
      await before.stop();
      clock.advanceTo(START + 120 * HOUR);
      const after = await instance(handler);
      after.start();
      await settle(clock, [after]);
      assert.deepEqual(order, ['reminder/at-1h', 'reminder/at-30h', 'reminder/at-60h', 'reminder/at-100h']);
    });

    it('runs a job again once the lease of a run that died is over, and only the new run writes its end', async () => {
      let release: (decision: JobDecision) => void = () => undefined;
      let started = 0;
      const hanging: JobHandler = () => {
        started += 1;
        return new Promise((resolve) => (release = resolve));
      };
      const dying = await instance(hanging);
      dying.start();
      await dying.schedule({ id: 'reminder/hang', kind: 'reminder', dueAt: START + 10 * MINUTE, payload: {} });
      // The pass reads and leases through the store's real I/O before the handler starts.
      for (let waited = 0; waited < 5000 && started === 0; waited += 10) {
        clock.advanceTo(START + 10 * MINUTE);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(started, 1);
      // The first instance is stuck in its handler (as if killed with the lease held); the second takes over.
      schedulers.splice(schedulers.indexOf(dying), 1);
      const runs = new Map<string, number>();
      // While the second run is in its handler, the first one comes back and tries to write its end.
      const handler: JobHandler = async (job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        release({ done: 'sent by the first' });
        await dying.idle();
        return { done: 'sent by the second' };
      };
      const second = await instance(handler);
      try {
        second.start();
        await runUntil(clock, [second], START + 11 * MINUTE, 10_000);
        assert.equal(runs.size, 0, 'ran while another instance held the lease');
        await runUntil(clock, [second], START + 15 * MINUTE, 10_000);
        assert.equal(runs.get('reminder/hang'), 1);
      } finally {
        release({ done: 'sent by the first' });
        await dying.stop();
      }
      const job = await second.get('reminder/hang');
      assert.equal(job?.status, 'done');
      assert.equal(job?.outcome, 'sent by the second');
    });

    it('retries a failing job with backoff and then gives it up as dead, counting each step', async () => {
      const counted: string[] = [];
      const attempts: number[] = [];
      const failing: JobHandler = async () => {
        attempts.push(clock.now());
        throw new Error('Telegram answered 502');
      };
      const scheduler = await instance(failing, undefined, { job: (kind, outcome) => counted.push(`${kind}:${outcome}`) });
      scheduler.start();
      await scheduler.schedule({ id: 'reminder/flaky', kind: 'reminder', dueAt: START + MINUTE, payload: {} });
      await runUntil(clock, [scheduler], START + 2 * HOUR, 10_000);
      assert.deepEqual(attempts, [START + MINUTE, START + MINUTE + 30_000, START + MINUTE + 90_000]);
      const job = await scheduler.get('reminder/flaky');
      assert.equal(job?.status, 'dead');
      assert.equal(job?.attempts, 3);
      assert.equal(job?.outcome, 'Telegram answered 502');
      assert.deepEqual(counted, ['reminder:scheduled', 'reminder:failed', 'reminder:failed', 'reminder:dead']);
    });

    it('gives a job up at once on a permanent error', async () => {
      const scheduler = await instance(async () => {
        throw new PermanentJobError('the booking code is not a booking');
      });
      scheduler.start();
      await scheduler.schedule({ id: 'reminder/bad', kind: 'reminder', dueAt: START, payload: {} });
      await runUntil(clock, [scheduler], START + HOUR);
      const job = await scheduler.get('reminder/bad');
      assert.equal(job?.status, 'dead');
      assert.equal(job?.attempts, 1);
    });

    it('moves a job to another hour, earlier or later, and never runs a cancelled one', async () => {
      const { runs, handler } = recorder(clock);
      const scheduler = await instance(handler);
      scheduler.start();
      await scheduler.schedule({ id: 'reminder/later', kind: 'reminder', dueAt: START + HOUR, payload: {} });
      await scheduler.schedule({ id: 'reminder/sooner', kind: 'reminder', dueAt: START + 20 * HOUR, payload: {} });
      await scheduler.schedule({ id: 'reminder/cancelled', kind: 'reminder', dueAt: START + 2 * HOUR, payload: {} });
      assert.equal((await scheduler.reschedule('reminder/later', START + 5 * HOUR))?.dueAt, START + 5 * HOUR);
      await scheduler.reschedule('reminder/sooner', START + 30 * MINUTE);
      assert.equal(await scheduler.cancel('reminder/cancelled', 'booking cancelled'), true);
      assert.equal(await scheduler.cancel('reminder/cancelled', 'booking cancelled'), false, 'cancelled twice');
      await runUntil(clock, [scheduler], START + 25 * HOUR, 10 * MINUTE);
      assert.deepEqual(runs.get('reminder/sooner'), [START + 30 * MINUTE]);
      assert.deepEqual(runs.get('reminder/later'), [START + 5 * HOUR]);
      assert.equal(runs.has('reminder/cancelled'), false);
      assert.equal((await scheduler.get('reminder/cancelled'))?.status, 'cancelled');
      assert.equal(await scheduler.reschedule('reminder/later', START + 40 * HOUR), undefined, 'moved a job that had run');
    });

    it('keeps the first of two schedule calls with the same id', async () => {
      const { runs, handler } = recorder(clock);
      const scheduler = await instance(handler);
      scheduler.start();
      const first = await scheduler.schedule({ id: 'event/ord-1001/shipped', kind: 'reminder', dueAt: START + MINUTE, payload: { carrier: 'DHL' } });
      const again = await scheduler.schedule({ id: 'event/ord-1001/shipped', kind: 'reminder', dueAt: START + 2 * MINUTE, payload: { carrier: 'UPS' } });
      assert.deepEqual([first.created, again.created], [true, false]);
      await runUntil(clock, [scheduler], START + HOUR);
      assert.deepEqual(runs.get('event/ord-1001/shipped'), [START + MINUTE]);
      assert.deepEqual((await scheduler.get('event/ord-1001/shipped'))?.payload, { carrier: 'DHL' });
    });

    it('runs a deferred job again at the time it asked for, without counting a failure', async () => {
      const { runs, handler } = recorder(clock, (_id, n) => (n === 1 ? { deferUntil: START + 9 * HOUR, reason: 'quiet_hours' } : { done: 'sent' }));
      const scheduler = await instance(handler);
      scheduler.start();
      await scheduler.schedule({ id: 'reminder/night', kind: 'reminder', dueAt: START + HOUR, payload: {} });
      await runUntil(clock, [scheduler], START + 2 * HOUR, 10 * MINUTE);
      const deferred = await scheduler.get('reminder/night');
      assert.deepEqual([deferred?.status, deferred?.attempts, deferred?.dueAt], ['scheduled', 0, START + 9 * HOUR]);
      await runUntil(clock, [scheduler], START + 10 * HOUR, 10 * MINUTE);
      assert.deepEqual(runs.get('reminder/night'), [START + HOUR, START + 9 * HOUR]);
      assert.equal((await scheduler.get('reminder/night'))?.status, 'done');
    });
  });
}
