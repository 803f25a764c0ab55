import type { Request, Response } from 'restify';
import type { ChannelFactory, ChannelModule } from '../channel';
import { guarded, jsonBody, sendError, type JsonRequest } from '../../bots/http/handlers';
import { MessengerAdapter } from './adapter';
import { GraphClient, type GraphClientOptions } from './client';
import { MESSENGER_CHANNEL_ID, toActivity } from './inbound';
import { messagingEventProblem } from './eventSchema';
import { MessagingWindow } from './messagingWindow';
import { validSignature } from './signature';
import type { MessagingEvent, WebhookBody } from './wireTypes';
import { viaAzureBotService } from '../shared/azureServiceUrl';
import { sameSecret } from '../../bots/http/secrets';
import { isStorageUnavailable, isTransientStoreError } from '../../bots/state/types';
import { MESSENGER_CAPABILITIES } from './renderer';

export const MESSENGER_WEBHOOK = '/api/messenger/webhook';
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/**
 * A turn that runs longer than this shows "typing…" (Messenger keeps it up to 20 s, so it is
 * renewed). Most turns answer in milliseconds, and a typing call for them would be one more Send
 * API call per message against the Page's rate limit for an indicator nobody sees.
 */
const TYPING_AFTER_MS = 1000;
const TYPING_EVERY_MS = 15_000;

/** Timings tests shorten or lengthen (read when the channel is built), as telegramTuning does. */
export const messengerTuning: { typingAfterMs: number; typingEveryMs: number; client: Pick<GraphClientOptions, 'attempts' | 'firstDelayMs' | 'callTimeoutMs'> } = {
  typingAfterMs: TYPING_AFTER_MS,
  typingEveryMs: TYPING_EVERY_MS,
  client: {},
};

function isWebhookBody(body: unknown): body is WebhookBody {
  return typeof body === 'object' && body !== null && 'object' in body && typeof body.object === 'string' && 'entry' in body && Array.isArray(body.entry);
}

/** Reachable later within Messenger's rules (24 hours, 7 days with the HUMAN_AGENT tag). */

/**
 * Facebook Messenger: the Page's webhook (subscription handshake, signed events) and replies through
 * the Send API. Enabled when the page token, app secret and verify token are set.
 */
export const createMessengerChannel: ChannelFactory = (deps) => {
  const env = deps.config.env;
  const token = env.MESSENGER_PAGE_ACCESS_TOKEN;
  const appSecret = env.MESSENGER_APP_SECRET;
  const verifyToken = env.MESSENGER_VERIFY_TOKEN;
  if (!token || !appSecret || !verifyToken) return undefined;
  const client = new GraphClient({ ...messengerTuning.client, graphApiUrl: env.MESSENGER_GRAPH_API_URL, pageAccessToken: token, ...(deps.metrics ? { metrics: deps.metrics } : {}) });
  const window = new MessagingWindow(deps.storage);
  const serviceUrl = env.MESSENGER_GRAPH_API_URL;
  const adapter = new MessengerAdapter(client, window, serviceUrl, deps.logger);
  deps.installPipeline(adapter);
  const { typingAfterMs, typingEveryMs } = messengerTuning;
  const running = new Set<Promise<void>>();
  // Profiles rarely change; one lookup per person per process keeps Graph calls off most turns.
  const profiles = new Map<string, { locale?: string; first_name?: string } | undefined>();
  const profileOf = async (psid: string) => {
    if (!profiles.has(psid)) {
      if (profiles.size > 10_000) profiles.clear();
      profiles.set(psid, await client.profile(psid));
    }
    return profiles.get(psid);
  };

  /** One event: remember the contact time, show "seen" (and "typing" if the turn is slow), run the turn. */
  const handle = async (event: MessagingEvent, pageId: string): Promise<void> => {
    const problem = messagingEventProblem(event);
    if (problem) {
      deps.logger.warn({ problem, pageId }, 'messenger event skipped');
      return;
    }
    const mapped = toActivity(event, pageId, serviceUrl);
    if (mapped.kind === 'skip') {
      deps.logger.debug({ reason: mapped.reason }, 'messenger event skipped');
      return;
    }
    // Not awaited: the webhook answers once the turn is saved, and "seen" is only a courtesy.
    void adapter.markSeen(mapped.psid);
    let typing: NodeJS.Timeout | undefined;
    const showTyping = () => {
      void client.send({ recipient: { id: mapped.psid }, messaging_type: 'RESPONSE', sender_action: 'typing_on' }).catch(() => undefined);
      typing = setTimeout(showTyping, typingEveryMs);
    };
    typing = setTimeout(showTyping, typingAfterMs);
    try {
      const profile = await profileOf(mapped.psid);
      const from = { ...mapped.activity.from, id: mapped.psid, name: profile?.first_name ?? '' };
      await adapter.processActivity({ ...mapped.activity, from, ...(profile?.locale ? { locale: profile.locale.replace('_', '-') } : {}) }, deps.logic);
    } finally {
      clearTimeout(typing);
    }
  };

  const module: ChannelModule = {
    id: 'messenger',
    channelIds: [MESSENGER_CHANNEL_ID],
    capabilities: MESSENGER_CAPABILITIES,
    adapter,
    async ownsConversation(reference) {
      return !viaAzureBotService(reference.serviceUrl);
    },
    registerRoutes(server) {
      server.get(MESSENGER_WEBHOOK, (req: Request, res: Response, next) => {
        const query = (req.query ?? {}) as Record<string, unknown>;
        const given = typeof query['hub.verify_token'] === 'string' ? query['hub.verify_token'] : '';
        if (query['hub.mode'] === 'subscribe' && sameSecret(given, verifyToken) && typeof query['hub.challenge'] === 'string') {
          res.setHeader('content-type', 'text/plain');
          res.status(200);
          res.end(query['hub.challenge']);
        } else {
          sendError(res, 403, 'Forbidden', 'verify token does not match');
        }
        return next();
      });
      server.post(
        MESSENGER_WEBHOOK,
        jsonBody(WEBHOOK_BODY_LIMIT, {
          verify: (raw, req) =>
            validSignature(raw, req.headers['x-hub-signature-256'] as string | undefined, appSecret)
              ? undefined
              : { status: 403, code: 'Forbidden', message: 'X-Hub-Signature-256 is missing or does not match' },
        }),
        guarded('POST messenger webhook', (err, place) => deps.logger.error({ err }, `${place} failed`), async (req: JsonRequest, res: Response) => {
          const body: unknown = req.body;
          if (!isWebhookBody(body)) return sendError(res, 400, 'BadRequest', 'expected {"object":"page","entry":[…]}');
          if (body.object !== 'page') return sendError(res, 404, 'NotFound', `object "${body.object}" is not handled here`);
          // Answered once the events' turns are saved (their replies with them, bots/outbox), so a
          // crash or a store outage before then makes Meta deliver them again instead of losing them.
          let storeDown = false;
          const works = body.entry.map(async (entry) => {
            if (typeof entry !== 'object' || entry === null || typeof entry.id !== 'string' || !Array.isArray(entry.messaging)) {
              deps.logger.warn({ entry: typeof entry }, 'messenger entry without id or messaging skipped');
              return;
            }
            for (const event of entry.messaging ?? []) {
              try {
                await handle(event, entry.id);
              } catch (err) {
                if (isStorageUnavailable(err) || isTransientStoreError(err)) {
                  // The rest of this entry waits too, so the redelivery keeps the customer's order.
                  storeDown = true;
                  return;
                }
                deps.logger.error({ err }, 'messenger event failed');
              }
            }
          });
          const work = Promise.all(works).then(() => undefined);
          running.add(work);
          await work.finally(() => running.delete(work));
          if (storeDown) return sendError(res, 503, 'ServiceUnavailable', 'the store is unavailable; deliver again later');
          res.status(200);
          res.json({ received: true });
        }),
      );
    },
    async stop() {
      await Promise.allSettled([...running]);
    },
  };
  return module;
};
