/** The clock the reply sender and its retry worker read, so tests can run an hour-long outage in seconds. */
export interface DeliveryClock {
  now(): number;
  /** Calls `fn` after `ms` of this clock's time; the timer must not keep the process alive. */
  setTimer(fn: () => void, ms: number): () => void;
}

export interface DeliveryTuning {
  /** The first retry's delay; each failure in a row doubles it, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A reply still not delivered this long after its turn is given up as a dead letter. */
  deadLetterAfterMs: number;
  /** How long one instance may hold a conversation it is resuming before another may. */
  leaseMs: number;
  clock: DeliveryClock;
}

export const systemClock: DeliveryClock = {
  now: Date.now,
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export const DEFAULT_DELIVERY_TUNING: DeliveryTuning = {
  firstDelayMs: 2000,
  maxDelayMs: 5 * 60_000,
  deadLetterAfterMs: 24 * 60 * 60_000,
  leaseMs: 2 * 60_000,
  clock: systemClock,
};

/** The wait before retry number `attempts` (1 = the first retry). */
export function backoffMs(tuning: Pick<DeliveryTuning, 'firstDelayMs' | 'maxDelayMs'>, attempts: number): number {
  return Math.min(tuning.maxDelayMs, tuning.firstDelayMs * 2 ** Math.max(0, attempts - 1));
}
