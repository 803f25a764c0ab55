import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from 'restify';
import { sendError } from '../../channels/shared/http';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';

export const METRICS_PATH = '/metrics';

/** Compares digests so neither the token's content nor its length leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `GET /metrics` in Prometheus text format. With METRICS_TOKEN set the scraper must send
 * `Authorization: Bearer <token>`; without it the route is open (local development).
 */
export function registerMetricsRoute(server: Server, metrics: Metrics, token: string | undefined, logger: Logger): void {
  server.get(METRICS_PATH, (req, res, next) => {
    if (token !== undefined) {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer (.+)$/i.exec(header);
      if (!match) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        sendError(res, 401, 'Unauthorized', 'Authorization: Bearer <METRICS_TOKEN> is required');
        return next();
      }
      if (!sameToken(match[1] ?? '', token)) {
        sendError(res, 403, 'Forbidden', 'the metrics token is wrong');
        return next();
      }
    }
    metrics.exposition().then(
      ({ contentType, body }) => {
        res.setHeader('content-type', contentType);
        res.status(200);
        res.end(body);
      },
      (err: unknown) => {
        logger.error({ err }, 'GET /metrics: collecting metrics failed');
        sendError(res, 503, 'MetricsUnavailable', 'metrics could not be collected');
      },
    ).finally(() => next());
  });
}
