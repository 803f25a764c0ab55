import type { DeliveryClock } from '../../bots/outbox/tuning';

/**
 * A clock that moves only when the test says so. `advanceTo` fires the timers due by then in time
 * order, each with the clock at its own time (as a real clock would be), and leaves it at `at`.
 */
export interface ManualClock extends DeliveryClock {
  advanceTo(at: number): void;
  advanceBy(ms: number): void;
  /** When the earliest pending timer is due, if any. */
  readonly nextAt: number | undefined;
  /** Timers set and not yet fired or cancelled. */
  readonly pending: number;
}

export function manualClock(start: number): ManualClock {
  let now = start;
  const timers = new Set<{ at: number; fn: () => void }>();
  const advanceTo = (at: number) => {
    for (;;) {
      const next = [...timers].filter((timer) => timer.at <= at).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers.delete(next);
      now = Math.max(now, next.at);
      next.fn();
    }
    now = Math.max(now, at);
  };
  return {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { at: now + Math.max(0, ms), fn };
      timers.add(timer);
      return () => void timers.delete(timer);
    },
    advanceTo,
    advanceBy: (ms) => advanceTo(now + ms),
    get nextAt() {
      return timers.size > 0 ? Math.min(...[...timers].map((timer) => timer.at)) : undefined;
    },
    get pending() {
      return timers.size;
    },
  };
}

/**
 * Moves `clock` to `at` for a whole running app: stops at each timer's time, and gives its store
 * I/O and sends real time (`pauseMs`) between steps and for `rounds` more once there.
 */
export async function advanceWithRealTime(clock: ManualClock, at: number, rounds = 10, pauseMs = 15): Promise<void> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, pauseMs));
  while (clock.now() < at) {
    const next = clock.nextAt;
    clock.advanceTo(next !== undefined && next > clock.now() && next < at ? next : at);
    await pause();
  }
  for (let round = 0; round < rounds; round += 1) {
    clock.advanceBy(0);
    await pause();
  }
}
