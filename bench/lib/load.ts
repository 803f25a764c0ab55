import autocannon from 'autocannon';

/** One request of a case; `n` counts from 0 across all connections, so cases can spread conversations. */
export interface BenchRequest {
  path: string;
  headers?: Record<string, string>;
  body: string;
}

export type RequestFactory = (n: number) => BenchRequest;

export interface LoadOptions {
  port: number;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  request: RequestFactory;
}

export interface LoadResult {
  /** 2xx answers per second over the whole run. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

/** Drives the server with autocannon (programmatic), one freshly built request per send. */
// Counts across runs, so a measured run continues where its warm-up stopped (no repeated ids).
let sent = 0;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
    requests: [
      {
        setupRequest: (request) => {
          const built = options.request(sent);
          sent += 1;
          return { ...request, method: 'POST', path: built.path, body: built.body, headers: { 'content-type': 'application/json', ...built.headers } };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    reqPerSec: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
  };
}
