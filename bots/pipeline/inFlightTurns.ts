import type { Middleware, TurnContext } from '../botFramework';

/** Counts running turns so a graceful shutdown can wait for them to finish. */
export class InFlightTurns implements Middleware {
  private running = 0;
  private waiters: (() => void)[] = [];

  async onTurn(_context: TurnContext, next: () => Promise<void>): Promise<void> {
    this.running += 1;
    try {
      await next();
    } finally {
      this.running -= 1;
      if (this.running === 0) this.release();
    }
  }

  get count(): number {
    return this.running;
  }

  /** Resolves once no turn is running, or after `timeoutMs` (so a stuck turn cannot block shutdown forever). */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
