/**
 * How the reply sender reads a failed send. Channels say what they know on their errors, by
 * shape rather than by class, so bots/ needs no channel's types:
 * - `permanent: true`: trying again cannot help (blocked by the customer, outside a messaging
 *   window, a request the platform rejects); the reply becomes a dead letter at once.
 * - `retryAfterMs`: the platform asked for a pause (Telegram's `retry_after`, HTTP Retry-After).
 * - `delivered`: how many of the activities handed over were sent before the failure, so a retry
 *   starts after them instead of sending them twice.
 * An HTTP-shaped error (`statusCode` 4xx other than 408 and 429) is permanent too; everything
 * else (resets, timeouts, 5xx) is retried.
 */
export interface DeliveryVerdict {
  permanent: boolean;
  retryAfterMs: number | undefined;
  delivered: number;
}

/** Thrown by an adapter that sent some of a batch: `delivered` were sent, `cause` stopped the rest. */
export class PartialDeliveryError extends Error {
  constructor(
    readonly delivered: number,
    cause: unknown,
  ) {
    super(`${delivered} sent, then: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PartialDeliveryError';
  }
}

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null && name in err ? (err as Record<string, unknown>)[name] : undefined;
}

export function verdictOf(err: unknown): DeliveryVerdict {
  const delivered = err instanceof PartialDeliveryError ? err.delivered : 0;
  const cause = err instanceof PartialDeliveryError ? err.cause : err;
  const retryAfter = field(cause, 'retryAfterMs');
  const status = field(cause, 'statusCode');
  const httpPermanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
  return {
    permanent: field(cause, 'permanent') === true || httpPermanent,
    retryAfterMs: typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : undefined,
    delivered,
  };
}

export function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}
