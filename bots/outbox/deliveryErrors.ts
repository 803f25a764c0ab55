import { isTransientStoreError } from '../state/types';

/**
 * How the reply sender reads a failed send. Channels say what they know on their errors, by
 * shape rather than by class, so bots/ needs no channel's types:
 * - `permanent: true`: trying again cannot help (blocked by the customer, outside a messaging
 *   window, a request the platform rejects); the reply becomes a dead letter at once.
 * - `retryAfterMs`: the platform asked for a pause (Telegram's `retry_after`, HTTP Retry-After).
 * - `refusal`: with `permanent`, a short fixed phrase for why (`outside_window`,
 *   `chat_unreachable`), which a scheduled message's end and /metrics show.
 * - `delivered`: how many of the activities handed over were sent before the failure, so a retry
 *   starts after them instead of sending them twice.
 * An HTTP-shaped error (`statusCode`) is permanent for a 4xx other than 401 (credentials an
 * operator can fix), 408 and 429, and is retried otherwise. An error of no known shape is retried
 * only when it looks like the network (a reset, a refused connection, a timeout): anything else
 * is a fault on this side that would fail the same way for the next day, holding back every later
 * reply of the conversation, so it becomes a dead letter at once.
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

/** Seconds from an HTTP `Retry-After` header on an Azure SDK RestError (`response.headers.get`). */
function retryAfterHeaderMs(err: unknown): number | undefined {
  const headers = field(field(err, 'response'), 'headers');
  const get = field(headers, 'get');
  const value: unknown = typeof get === 'function' ? (get as (name: string) => unknown).call(headers, 'retry-after') : undefined;
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

function isPermanent(cause: unknown): boolean {
  const said = field(cause, 'permanent');
  if (typeof said === 'boolean') return said;
  const status = field(cause, 'statusCode');
  if (typeof status === 'number') return status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;
  return !isTransientStoreError(cause);
}

export function verdictOf(err: unknown): DeliveryVerdict {
  const delivered = err instanceof PartialDeliveryError ? err.delivered : 0;
  const cause = err instanceof PartialDeliveryError ? err.cause : err;
  const retryAfter = field(cause, 'retryAfterMs');
  return {
    permanent: isPermanent(cause),
    retryAfterMs: typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : retryAfterHeaderMs(cause),
    delivered,
  };
}

/** Why a channel refused for good, as a short fixed phrase; `channel_refused` when it does not say. */
export function refusalOf(err: unknown): string {
  const cause = err instanceof PartialDeliveryError ? err.cause : err;
  const said = field(cause, 'refusal');
  return typeof said === 'string' && /^[a-z_]{1,40}$/.test(said) ? said : 'channel_refused';
}

export function describe(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}
