import { backOff } from 'exponential-backoff';
import type { Metrics } from '../../bots/observability/metrics';
import type { SendRequest } from './wireTypes';

/** Graph error codes that mean "too many calls": worth retrying after a pause. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

/** A Send API failure with Graph's own code and subcode; `retryable` says whether trying again can help. */
export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    message: string,
    /** No answer within the call timeout: Graph may have taken it, so it is not tried again at once. */
    readonly timedOut = false,
  ) {
    super(`GraphClient.send(): ${status} code=${code ?? '-'} subcode=${subcode ?? '-'}: ${message}`);
    this.name = 'GraphApiError';
  }

  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || (this.code !== undefined && RATE_LIMIT_CODES.has(this.code));
  }

  /**
   * For bots/outbox: a refusal that a later attempt would meet again. An expired or revoked page
   * token (401, OAuth code 190) is not: once an operator sets a new one, the reply can still go.
   */
  get permanent(): boolean {
    return !this.retryable && this.status !== 401 && this.code !== 190;
  }
}

export interface GraphClientOptions {
  graphApiUrl: string;
  pageAccessToken: string;
  attempts?: number;
  firstDelayMs?: number;
  /** A call with no answer by then is abandoned and counts as a network failure. */
  callTimeoutMs?: number;
  metrics?: Metrics;
}

interface GraphErrorBody {
  error?: { message?: string; code?: number; error_subcode?: number };
}

/**
 * The Messenger Send API (`POST {graph}/me/messages`), retrying rate limits and 5xx briefly with
 * backoff; what still fails goes back to the pipeline's outbox (bots/outbox), which retries later.
 */
export class GraphClient {
  constructor(private readonly options: GraphClientOptions) {}

  async send(request: SendRequest): Promise<{ message_id?: string }> {
    try {
      return await backOff(() => this.sendOnce(request), {
        numOfAttempts: this.options.attempts ?? 3,
        startingDelay: this.options.firstDelayMs ?? 300,
        timeMultiple: 2,
        jitter: 'full',
        retry: (err: unknown) => err instanceof GraphApiError && err.retryable && !err.timedOut,
      });
    } catch (err) {
      this.options.metrics?.outboundFailure('facebook', err instanceof GraphApiError ? (err.code ?? err.status) : undefined);
      throw err;
    }
  }

  /** The person's public profile fields the Page may read; undefined when Graph refuses. */
  async profile(psid: string): Promise<{ locale?: string; first_name?: string } | undefined> {
    const url = `${this.options.graphApiUrl.replace(/\/$/, '')}/${encodeURIComponent(psid)}?fields=first_name,locale&access_token=${encodeURIComponent(this.options.pageAccessToken)}`;
    try {
      // A profile is a nicety: a slow Graph must not hold the webhook's answer.
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      return res.ok ? ((await res.json()) as { locale?: string; first_name?: string }) : undefined;
    } catch {
      return undefined;
    }
  }

  private async sendOnce(request: SendRequest): Promise<{ message_id?: string }> {
    const url = `${this.options.graphApiUrl.replace(/\/$/, '')}/me/messages?access_token=${encodeURIComponent(this.options.pageAccessToken)}`;
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal: AbortSignal.timeout(this.options.callTimeoutMs ?? 10_000) });
    } catch (err) {
      // A network failure is as transient as a 5xx.
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      throw new GraphApiError(503, undefined, undefined, err instanceof Error ? err.message : 'network error', timedOut);
    }
    const body = (await res.json().catch(() => ({}))) as GraphErrorBody & { message_id?: string };
    if (!res.ok) throw new GraphApiError(res.status, body.error?.code, body.error?.error_subcode, body.error?.message ?? res.statusText);
    return body;
  }
}
