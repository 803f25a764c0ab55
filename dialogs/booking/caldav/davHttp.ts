import { BackendError } from '../../../bots/backendError';

/** The backend name every CalDAV failure carries, so the error policy logs it as one system. */
export const CALDAV = 'caldav';

export interface DavHttpOptions {
  username: string;
  password: string;
  /** Per request; a server that hangs fails the turn with "timeout" instead of holding it. */
  timeoutMs: number;
}

/** The socket's code Node's fetch puts on a failure's cause (ECONNREFUSED, ENOTFOUND, ECONNRESET, UND_ERR_SOCKET). */
function networkCode(err: unknown): string | undefined {
  for (let current: unknown = err, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current.name === 'TimeoutError') return 'timeout';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * Any failure on the way to or from the calendar as a BackendError: itself when it already is one,
 * the socket's code or "timeout" for the network, the HTTP status tsdav names in its own errors,
 * and "invalid-response" for an answer that could not be read.
 */
export function caldavError(err: unknown, what: string): BackendError {
  if (err instanceof BackendError) return err;
  const network = networkCode(err);
  if (network) return new BackendError(CALDAV, network, `${what}: the calendar server could not be reached`, { cause: err });
  const status = err instanceof Error ? /failed: (\d{3})\b/.exec(err.message)?.[1] : undefined;
  if (status) return new BackendError(CALDAV, status, `${what}: the calendar server refused the request`, { cause: err });
  return new BackendError(CALDAV, 'invalid-response', `${what}: the calendar server's answer could not be read`, { cause: err });
}

/** A non-2xx answer the caller did not expect, as a BackendError with the status as its code. */
export function unexpectedStatus(response: Response, what: string): BackendError {
  return new BackendError(CALDAV, String(response.status), `${what}: the calendar server answered ${response.status} ${response.statusText}`);
}

function describe(input: string | URL | Request, init: RequestInit | undefined): string {
  const url = new URL(input instanceof Request ? input.url : input);
  // The path only: a server URL may carry a user name, and the query nothing we need in a log.
  return `${init?.method ?? 'GET'} ${url.pathname}`;
}

/**
 * The fetch every CalDAV request goes through (tsdav's included): it signs the request with Basic
 * auth, gives it a deadline, and turns the answers that mean "the calendar is not working for
 * us" (no connection, timeout, 401/403, 5xx) into BackendError. Statuses that carry meaning for
 * the caller (404 missing, 412 precondition failed) are handed back as they are.
 */
export function davFetch(options: DavHttpOptions): typeof fetch {
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  return async (input, init) => {
    const what = describe(input, init);
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    let response: Response;
    try {
      response = await fetch(input, { ...init, headers, signal });
    } catch (err) {
      throw caldavError(err, what);
    }
    if (response.status === 401 || response.status === 403 || response.status >= 500) {
      await response.body?.cancel();
      throw unexpectedStatus(response, what);
    }
    return response;
  };
}
