import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from './logger';
import type { ManagedStorage } from './state/types';
import { sendError } from '../channels/shared/http';
import { nameSpanAfterRoute } from './observability/httpRoute';
import { UpgradeRouter } from './upgradeRouter';

/**
 * The HTTP server every channel registers on. Bodies are not parsed globally: each route reads its
 * own with a size limit that fits it (channels/shared/http.ts), so a 1 MB webhook and a 256 KB API
 * can live side by side and signatures can be checked over the raw bytes.
 */
export function createServer(storage: ManagedStorage, logger: Logger): { server: Server; upgrades: UpgradeRouter } {
  const server = restify.createServer({ name: 'switchboard', handleUncaughtExceptions: false });
  const upgrades = new UpgradeRouter(server.server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(nameSpanAfterRoute);

  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    return next();
  });
  server.get('/readyz', (_req, res, next) => {
    storage.ping().then(
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
