import type { Request, Response, Server } from 'restify';
import { guarded, sendError } from '../../bots/http/handlers';
import { bearerTokenOf, sameSecret } from '../../bots/http/secrets';
import type { Logger } from '../../bots/logger';
import { parseSubject, type PersonalData, type PrivacySubject } from '../../dialogs/customers/personalData';

export const PRIVACY_ROUTE = '/api/privacy/customers/:id';
export const PRIVACY_EXPORT_ROUTE = '/api/privacy/customers/:id/export';

export interface PrivacyRouteDeps {
  /** OPERATOR_TOKEN; the routes only say they are off when unset. */
  token: string | undefined;
  personalData: PersonalData;
  logger: Logger;
}

type Handler = (req: Request, res: Response, next: (err?: false) => void) => void;

/**
 * The operator's side of GDPR requests: `GET …/export` answers everything held about a customer
 * as JSON (Art. 15), `DELETE` erases it (Art. 17). Both want `Authorization: Bearer
 * <OPERATOR_TOKEN>`; the customer is a customer id, `email:<address>`, `phone:<number>` or a
 * channel identity (`webchat%2Fusers%2F…`).
 */
export function registerPrivacyRoutes(server: Server, deps: PrivacyRouteDeps): void {
  const { token, personalData } = deps;
  const logger = deps.logger.child({ component: 'privacy' });
  if (!token) {
    const off: Handler = (_req, res, next) => {
      sendError(res, 404, 'NotConfigured', 'the privacy API is off: OPERATOR_TOKEN is not set');
      next(false);
    };
    server.get(PRIVACY_EXPORT_ROUTE, off);
    server.del(PRIVACY_ROUTE, off);
    return;
  }
  const onError = (err: unknown, place: string) => logger.error({ err }, `${place} failed`);
  server.get(
    PRIVACY_EXPORT_ROUTE,
    authorised(token),
    guarded('GET /api/privacy/customers/:id/export', onError, async (req, res) => {
      const subject = subjectOf(req, res);
      if (!subject) return;
      const found = await personalData.export(subject, { by: 'operator' });
      if (!found) return sendError(res, 404, 'NotFound', 'nothing is held about this customer');
      logger.info({ items: found.items.length }, 'personal data exported');
      res.json(200, found);
    }),
  );
  server.del(
    PRIVACY_ROUTE,
    authorised(token),
    guarded('DELETE /api/privacy/customers/:id', onError, async (req, res) => {
      const subject = subjectOf(req, res);
      if (!subject) return;
      // Nothing found is a 200 as well: erasing twice, or someone already forgotten, is done.
      const counts = await personalData.erase(subject, { by: 'operator' });
      logger.info(counts, 'personal data erased');
      res.json(200, counts);
    }),
  );
}

function authorised(token: string): Handler {
  return (req, res, next) => {
    const given = bearerTokenOf(req.headers.authorization);
    if (given === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="privacy"');
      sendError(res, 401, 'Unauthorized', 'Authorization: Bearer <OPERATOR_TOKEN> is required');
      return next(false);
    }
    if (!sameSecret(given, token)) {
      sendError(res, 403, 'Forbidden', 'the operator token is wrong');
      return next(false);
    }
    next();
  };
}

function subjectOf(req: Request, res: Response): PrivacySubject | undefined {
  const raw: unknown = (req.params as Record<string, unknown> | undefined)?.id;
  const subject = typeof raw === 'string' && raw.length <= 300 ? parseSubject(raw) : undefined;
  if (!subject) sendError(res, 400, 'BadRequest', 'the customer must be a customer id, email:<address>, phone:<number> or <channel>/users/<id>');
  return subject;
}
