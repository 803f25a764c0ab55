import type { Server } from 'restify';
import { sendError } from '../http/handlers';
import { bearerTokenOf, sameSecret } from '../http/secrets';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics` in Prometheus text format. With METRICS_TOKEN set the scraper must send
 * `Authorization: Bearer <token>`; without it the route is open (local development).
 */
export function registerMetricsRoute(server: Server, metrics: Metrics, token: string | undefined, logger: Logger): void {
  server.get(METRICS_PATH, (req, res, next) => {
    if (token !== undefined) {
      const given = bearerTokenOf(req.headers.authorization);
      if (given === undefined) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        sendError(res, 401, 'Unauthorized', 'Authorization: Bearer <METRICS_TOKEN> is required');
        return next();
      }
      if (!sameSecret(given, token)) {
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
