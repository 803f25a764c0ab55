import { trace } from '@opentelemetry/api';
import type { Next, Request, Response } from 'restify';

/**
 * Names the request's trace span after its route template (`GET /api/inbox/conversations/:id`).
 * Current OpenTelemetry HTTP instrumentation names server spans by method alone, and Application
 * Insights shows each request under that name, so without the route every request is just "GET".
 * A template, not the path, keeps ids out of the operation names. Without telemetry there is no
 * active span and this does nothing.
 */
export function nameSpanAfterRoute(req: Request, _res: Response, next: Next): void {
  const span = trace.getActiveSpan();
  const route = span ? req.getRoute() : undefined;
  if (span && route) span.setAttribute('http.route', String(route.path));
  next();
}
