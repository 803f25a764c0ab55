import { setTimeout as sleep } from 'node:timers/promises';
import { backOff } from 'exponential-backoff';
import { BackendError } from '../../bots/backendError';
import type { Logger } from '../../bots/logger';

export const ORDERS_API = 'orders-api';

export interface OrdersApiClientOptions {
  /** Where the API lives, e.g. `https://shop.example.com/switchboard/v1` (paths of docs/orders-api.yaml are appended). */
  baseUrl: string;
  /** The bearer token the shop issued to the bot; sent in the Authorization header only, never logged. */
  token: string;
  /** One attempt's limit, answer body included; 10 000 ms when unset. */
  timeoutMs?: number;
  /** Attempts of a call that met a network error, 5xx or 429; 3 when unset. */
  attempts?: number;
  /** Pause before the second attempt, doubled for each further one (full jitter); 250 ms when unset. */
  firstDelayMs?: number;
  /** A 429's Retry-After up to this is waited out; a longer one fails the call at once. 3000 ms when unset. */
  maxRetryAfterMs?: number;
  /** Where retries are logged (method, path, code; never headers). */
  logger?: Logger;
}

export interface Answer {
  status: number;
  /** The parsed JSON body; undefined when it was empty (or, for a 4xx, not JSON). */
  body: unknown;
}

/** One attempt's failure: the error to throw, and whether another attempt may help. */
class AttemptFailure extends Error {
  constructor(
    readonly error: BackendError,
    readonly retry: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(error.message, { cause: error });
  }
}

/** Seconds or an HTTP date (RFC 9110 10.2.3), as milliseconds from now. */
function retryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** What the problem body says, for the error message: "already-returned: BOOT-HIKE-41 has return RMA-1". */
export function problemText(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { code, detail, title } = body as { code?: unknown; detail?: unknown; title?: unknown };
  const said = [code, detail ?? title].filter((part): part is string => typeof part === 'string' && part !== '');
  return said.join(': ').slice(0, 200);
}

const problemCode = (body: unknown) => (typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined);

/**
 * The orders API's transport: bearer auth, a timeout per attempt, and a few quick retries of what
 * may pass (network errors, 5xx, 429 after its Retry-After, a key still in use). Every call the bot
 * makes is safe to repeat (reads, and creates with an Idempotency-Key). A timeout is not retried:
 * a backend that did not answer in 10 s rarely does in the next 10, and the customer is waiting.
 */
export class OrdersApiClient {
  // A private field, so logging or inspecting the client never shows the token.
  readonly #authorization: string;
  private readonly options: Omit<OrdersApiClientOptions, 'token'>;
  private readonly baseUrl: string;

  constructor({ token, ...options }: OrdersApiClientOptions) {
    this.#authorization = `Bearer ${token}`;
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/u, '');
  }

  /**
   * The answer when its status is in `expected`; anything else (or nothing) ends as BackendError
   * with the backend's code: the HTTP status, the network error's code, 'timeout', 'invalid-json'.
   */
  async call(method: 'GET' | 'POST', path: string, request: { body?: unknown; idempotencyKey?: string }, expected: readonly number[]): Promise<Answer> {
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 3000;
    try {
      return await backOff(() => this.attempt(method, path, request, expected), {
        numOfAttempts: this.options.attempts ?? 3,
        startingDelay: this.options.firstDelayMs ?? 250,
        timeMultiple: 2,
        jitter: 'full',
        retry: async (err: unknown, next: number) => {
          if (!(err instanceof AttemptFailure) || !err.retry) return false;
          if (err.retryAfterMs !== undefined && err.retryAfterMs > maxRetryAfter) return false;
          this.options.logger?.warn({ backend: ORDERS_API, method, path, code: err.error.code, attempt: next }, 'orders API call failed; trying again');
          if (err.retryAfterMs) await sleep(err.retryAfterMs);
          return true;
        },
      });
    } catch (err) {
      if (err instanceof AttemptFailure) throw err.error;
      throw err;
    }
  }

  private async attempt(method: 'GET' | 'POST', path: string, request: { body?: unknown; idempotencyKey?: string }, expected: readonly number[]): Promise<Answer> {
    const place = `${method} ${path}`;
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', authorization: this.#authorization };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    let status: number;
    let text: string;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw this.unanswered(place, err);
    }
    let body: unknown;
    let parsed = true;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = false;
    }
    const said = parsed ? problemText(body) : '';
    const failure = (code: string, message: string) => new BackendError(ORDERS_API, code, `${place}: ${message}`);
    if (status >= 500) throw new AttemptFailure(failure(String(status), `answered ${status}${said ? ` (${said})` : ''}`), true);
    if (status === 429) throw new AttemptFailure(failure('429', `answered 429${said ? ` (${said})` : ''}`), true, retryAfter(res.headers.get('retry-after')));
    if (status === 409 && problemCode(body) === 'idempotency-key-in-use') throw new AttemptFailure(failure('409', 'the same return is still being created'), true);
    if (!expected.includes(status)) throw new AttemptFailure(failure(String(status), `answered ${status}${said ? ` (${said})` : ''}`), false);
    // A refusal's body only explains it; the caller reads its status (and its code, when it has one).
    if (!parsed && status < 300) throw new AttemptFailure(failure('invalid-json', `answered ${status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 80))}`), false);
    return { status, body };
  }

  /** No answer: a timeout (not retried) or a network error (retried), with the network error's own code. */
  private unanswered(place: string, err: unknown): AttemptFailure {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      return new AttemptFailure(new BackendError(ORDERS_API, 'timeout', `${place}: no answer within ${this.options.timeoutMs ?? 10_000} ms`, { cause: err }), false);
    }
    const cause = err instanceof Error ? err.cause : undefined;
    const code = typeof (cause as { code?: unknown } | undefined)?.code === 'string' ? (cause as { code: string }).code : 'network';
    const why = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
    return new AttemptFailure(new BackendError(ORDERS_API, code, `${place}: ${why}`, { cause: err }), true);
  }
}
