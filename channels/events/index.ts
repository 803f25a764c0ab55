import type { Request, Response, Server } from 'restify';
import { guarded, jsonBody, sendError, type JsonRequest } from '../../bots/http/handlers';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, signatureProblem, type SignatureProblem } from '../../bots/http/signature';
import type { Logger } from '../../bots/logger';
import { shopEventSchema } from '../../dialogs/shopEvents/eventTypes';
import type { ShopEvents } from '../../dialogs/shopEvents/shopEvents';
import { wireProblem } from '../shared/wireProblem';

export const EVENTS_ROUTE = '/api/events';
/** An event is a few fields; a shop sending more is sending something else. */
export const EVENTS_BODY_LIMIT = 32 * 1024;

const SIGNATURE_REFUSALS: Record<SignatureProblem, string> = {
  missing: `the Switchboard-Signature header is missing`,
  malformed: 'the Switchboard-Signature header is not "t=<unix seconds>,v1=<hex>"',
  expired: `the signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s from the server's clock`,
  mismatch: 'the signature does not match the body',
};

export interface EventsRouteDeps {
  /** EVENTS_SECRET; the route only says it is off when unset. */
  secret: string | undefined;
  /** Undefined when the app runs no scheduler or no shopEvents folder. */
  events: ShopEvents | undefined;
  logger: Logger;
  /** The time signatures are checked against: the real clock, as the shop's is. */
  nowSeconds?: () => number;
}

/**
 * `POST /api/events`: the shop's systems tell the bot what happened (an order shipped), and the
 * bot tells the customer in their conversation. Signed in Stripe's scheme over the raw body
 * (bots/http/signature.ts), checked before the body is parsed; answered 202 with what became of
 * the message, and an event id seen before is answered the same way without sending again.
 */
export function registerEventsRoute(server: Server, deps: EventsRouteDeps): void {
  const { secret, events } = deps;
  if (!secret || !events) {
    server.post(EVENTS_ROUTE, (_req: Request, res: Response, next: (err?: false) => void) => {
      sendError(res, 404, 'NotConfigured', secret ? 'shop events are not handled by this app' : 'shop events are off: EVENTS_SECRET is not set');
      next(false);
    });
    return;
  }
  const nowSeconds = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const logger = deps.logger.child({ component: 'events' });
  server.post(
    EVENTS_ROUTE,
    jsonBody(EVENTS_BODY_LIMIT, {
      verify: (raw, req) => {
        const header = req.headers[SIGNATURE_HEADER];
        const problem = signatureProblem(Array.isArray(header) ? header[0] : header, raw, secret, nowSeconds());
        return problem ? { status: 401, code: 'Unauthorized', message: SIGNATURE_REFUSALS[problem] } : undefined;
      },
    }),
    guarded('POST /api/events', (err, place) => logger.error({ err }, `${place} failed`), async (req: JsonRequest, res: Response) => {
      const parsed = shopEventSchema.safeParse(req.body);
      if (!parsed.success) return sendError(res, 400, 'BadRequest', wireProblem(parsed.error, 'event'));
      const answer = await events.accept(parsed.data);
      logger.info({ eventId: parsed.data.id, type: parsed.data.type, ...answer }, 'shop event');
      res.json(202, answer);
    }),
  );
}
