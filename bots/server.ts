import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from './logger';
import type { ManagedStorage } from './state/types';
import { sendError } from './http/handlers';
import { nameSpanAfterRoute } from './observability/httpRoute';
import { UpgradeRouter } from './upgradeRouter';

/**
 * The HTTP server every channel registers on. Bodies are not parsed globally: each route reads its
 * own with a size limit that fits it (channels/shared/http.ts), so a 1 MB webhook and a 256 KB API
 * can live side by side and signatures can be checked over the raw bytes.
 */
/** Limits on what one client can hold; the defaults suit production, tests shrink them. */
export interface ServerLimits {
  /** Time to receive a whole request, headers and body (Node's default is 300 s); then 408. */
  requestTimeoutMs?: number;
  /** Open connections at once; more are closed as they arrive. */
  maxConnections?: number;
  /** How long /readyz waits for the store before it says 503. */
  readinessTimeoutMs?: number;
}

const DEFAULT_LIMITS: Required<ServerLimits> = { requestTimeoutMs: 30_000, maxConnections: 4_096, readinessTimeoutMs: 2_000 };

/** Rejects when `promise` has not settled within `ms`; the timer never keeps the process alive. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createServer(storage: ManagedStorage, logger: Logger, limits: ServerLimits = {}): { server: Server; upgrades: UpgradeRouter } {
  const { requestTimeoutMs, maxConnections, readinessTimeoutMs } = { ...DEFAULT_LIMITS, ...limits };
  const server = restify.createServer({ name: 'switchboard', handleUncaughtExceptions: false });
  // A client that sends its body a byte a minute (or never finishes its headers) would otherwise
  // hold a connection for 5 minutes; responses (server-sent events, streams) are not limited.
  server.server.requestTimeout = requestTimeoutMs;
  server.server.headersTimeout = Math.min(requestTimeoutMs, 20_000);
  server.server.maxConnections = maxConnections;
  const upgrades = new UpgradeRouter(server.server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(nameSpanAfterRoute);

  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    return next();
  });
  server.get('/readyz', (_req, res, next) => {
    within(storage.ping(), readinessTimeoutMs, 'storage').then(
      () => res.json({ status: 'ready' }),
      (err: unknown) => {
        logger.warn({ err }, 'readiness check: storage unreachable');
        sendError(res, 503, 'StorageUnavailable', 'storage is not reachable');
      },
    ).finally(() => next());
  });

  // EventEmitter's listener arguments are `any`; these name what restify passes.
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) logger.error({ err, method: req.method, path: req.getPath() }, 'request failed');
    // restify's default body names the route's internals; keep the public shape {code, message}.
    res.json(status, { code: err.name.replace(/Error$/, '') || 'Error', message: status >= 500 ? 'internal error' : err.message });
    return callback();
  });
  server.on('after', (req: Request, res: Response) => {
    // The path without its query: query strings can carry tokens (Messenger's hub.verify_token).
    // Successful reads (health probes, scrapes, Direct Line polling) would drown the rest at info.
    const quiet = req.method === 'GET' && res.statusCode < 400;
    logger[quiet ? 'debug' : 'info']({ method: req.method, path: req.getPath(), status: res.statusCode, durationMs: Date.now() - req.time() }, 'request');
  });
  return { server, upgrades };
}
