/**
 * A shop system the bot depends on (a booking calendar, an order system) failed or could not be
 * reached. Services throw it with the backend's own code; the turn's error policy then tells the
 * customer to try again later or ask for a person, keeps their dialog where it was (sending the
 * same answer again retries the step), and logs the backend and its code, never a stack trace to
 * the customer.
 */
export class BackendError extends Error {
  override readonly name = 'BackendError';

  constructor(
    /** Which system: "caldav", "orders-api", … */
    readonly backend: string,
    /** The backend's own code: an HTTP status, a protocol error, "timeout", "ECONNREFUSED". */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${backend} (${code}): ${message}`, options);
  }
}

/**
 * The BackendError behind `err`, if any: itself, one of its causes, or the error a dialog threw
 * (botbuilder-dialogs wraps it in a DialogContextError's `error`, not its `cause`).
 */
export function backendErrorOf(err: unknown): BackendError | undefined {
  for (let current: unknown = err, depth = 0; current instanceof Error && depth < 10; depth += 1) {
    if (current instanceof BackendError) return current;
    const wrapped: unknown = (current as { error?: unknown }).error;
    current = wrapped instanceof Error ? wrapped : current.cause;
  }
  return undefined;
}
