import type { DeliveryClock } from '../../bots/outbox/tuning';

/**
 * A clock that runs `factor` times faster than the wall clock, for the reply sender and for the
 * fault windows alike: a 60-second outage with production backoff (2 s doubling) and a 60-second
 * `retry_after` takes 60/factor seconds of test time, and the sender never knows.
 */
export function scaledClock(factor: number): DeliveryClock & { after(ms: number, fn: () => void): void } {
  const origin = Date.now();
  const clock: DeliveryClock = {
    now: () => origin + (Date.now() - origin) * factor,
    setTimer(fn, ms) {
      const timer = setTimeout(fn, Math.max(0, ms) / factor);
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
  return { ...clock, after: (ms, fn) => void clock.setTimer(fn, ms) };
}

/** Polls `read` until it returns the same value for `quietMs` (nothing more is arriving). */
export async function settled<T>(read: () => T, quietMs = 400, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(read());
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = JSON.stringify(read());
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return read();
    }
  }
  return read();
}

/**
 * Delivers a webhook the way Telegram and Meta do: again and again until it is answered 2xx
 * (a 5xx, a refused or dropped connection all mean "later").
 */
export async function deliverUntilAccepted(post: () => Promise<Response>, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const res = await post();
      await res.body?.cancel();
      if (res.status < 300) return attempt;
      if (res.status < 500) throw new Error(`deliverUntilAccepted(): refused with ${res.status}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('deliverUntilAccepted')) throw err;
    }
    if (Date.now() > deadline) throw new Error(`deliverUntilAccepted(): not accepted after ${attempt} attempts`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
