import { randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../../bots/logger';
import type { TurnLogic } from '../channel';
import { guarded, jsonBody, sendError } from '../../bots/http/handlers';
import { isTransientStoreError, StorageUnavailableError } from '../../bots/state/types';
import type { WebChatAdapter } from './adapter';
import { ConversationNotFoundError, type ConversationLog } from './conversationLog';
import { joinedActivity, toActivity, type InboundScope } from './inbound';
import { newId, type TokenScope, type TokenService } from './tokens';
import type { DirectLineActivitySet, DirectLineConversation, DirectLineResourceResponse } from './wireTypes';

export const DIRECT_LINE_BASE = '/v3/directline';

export interface DirectLineDeps {
  adapter: WebChatAdapter;
  log: ConversationLog;
  tokens: TokenService;
  logic: TurnLogic;
  logger: Logger;
  publicUrl: string | undefined;
  /** Token generations allowed per client address per minute. */
  tokensPerMinute?: number;
  /** Activities one conversation may post per minute (typing included). */
  activitiesPerMinute?: number;
}

/**
 * Enough for a person typing fast, with Web Chat's typing signals; one anonymous token could
 * otherwise post thousands of activities a minute into the store. Per instance, like the token
 * limit: behind several instances a flood is slowed, not stopped.
 */
const ACTIVITIES_PER_MINUTE = 60;

/** The ws(s):// origin clients reach this server on, for streamUrl. */
function streamOrigin(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/^http/, 'ws').replace(/\/$/, '');
  const forwarded = req.headers['x-forwarded-proto'];
  const secure = forwarded === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'wss' : 'ws'}://${req.headers.host ?? 'localhost'}`;
}

/** `?watermark=` read from the URL itself, so the routes do not depend on the server's query parser. */
function parseWatermark(req: Request): number | undefined {
  const raw = new URL(req.url ?? '/', 'http://localhost').searchParams.get('watermark');
  if (raw === null || raw === '') return 0;
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Direct Line 3.0 as Web Chat and botframework-directlinejs use it: token generate/refresh,
 * start/reconnect a conversation, post and poll activities (the WebSocket stream is in stream.ts).
 * Missing token → 401; a bad, expired or foreign token → 403, as the Direct Line service answers.
 */
export function registerDirectLineRoutes(server: Server, deps: DirectLineDeps): void {
  const { adapter, log, tokens, logger } = deps;
  const limiter = new RateLimiterMemory({ points: deps.tokensPerMinute ?? 20, duration: 60 });
  const perConversation = new RateLimiterMemory({ points: deps.activitiesPerMinute ?? ACTIVITIES_PER_MINUTE, duration: 60 });
  /** Answers 429 with Retry-After and returns false when the key is over its limit. */
  const withinLimit = async (rateLimiter: RateLimiterMemory, key: string, res: Response, what: string): Promise<boolean> => {
    try {
      await rateLimiter.consume(key);
      return true;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      res.header('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
      sendError(res, 429, 'TooManyRequests', `${what}; try again later`);
      return false;
    }
  };
  const onError = (err: unknown, place: string) => logger.error({ err }, `registerDirectLineRoutes(): ${place} failed`);
  const scopeOf = (scope: TokenScope): InboundScope => ({ ...scope, bot: adapter.bot, serviceUrl: adapter.serviceUrl });

  /** The conversation as Direct Line describes it; a reconnect's watermark is carried into streamUrl. */
  const conversationBody = (req: Request, scope: TokenScope, token: string, watermark?: number): DirectLineConversation => {
    const query = new URLSearchParams({ t: token, ...(watermark ? { watermark: String(watermark) } : {}) });
    const path = `${DIRECT_LINE_BASE}/conversations/${encodeURIComponent(scope.conversationId)}/stream?${query.toString()}`;
    return { conversationId: scope.conversationId, token, expires_in: tokens.lifetimeSeconds, streamUrl: `${streamOrigin(req, deps.publicUrl)}${path}` };
  };

  /** Checks the bearer token (and, when the URL names one, that it is the token's conversation). */
  const authorise = (req: Request, res: Response): { scope: TokenScope; token: string } | undefined => {
    const check = tokens.checkHeader(req.headers.authorization);
    if (!check.ok) {
      sendError(res, check.status, check.status === 401 ? 'Unauthorized' : 'Forbidden', check.reason);
      return undefined;
    }
    const urlConversation = (req.params as { id?: string }).id;
    if (urlConversation !== undefined && urlConversation !== check.scope.conversationId) {
      sendError(res, 403, 'Forbidden', 'token is not valid for this conversation');
      return undefined;
    }
    return { scope: check.scope, token: check.token };
  };

  server.post(
    `${DIRECT_LINE_BASE}/tokens/generate`,
    jsonBody(4096, { optional: true }),
    guarded('POST /tokens/generate', onError, async (req, res) => {
      // The socket's address, not X-Forwarded-For: that header is the client's to forge.
      if (!(await withinLimit(limiter, req.socket.remoteAddress ?? 'unknown', res, 'too many tokens requested from this address'))) return;
      const body: unknown = req.body;
      const locale = typeof body === 'object' && body !== null && 'locale' in body && typeof body.locale === 'string' ? body.locale : undefined;
      const scope = { conversationId: newId('wc_'), userId: newId('dl_') };
      await log.create(scope.conversationId, scope.userId, locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(locale) ? locale : undefined);
      const issued = tokens.issue(scope);
      res.json({ conversationId: scope.conversationId, token: issued.token, expires_in: issued.expires_in } satisfies DirectLineConversation);
    }),
  );

  server.post(
    `${DIRECT_LINE_BASE}/tokens/refresh`,
    guarded('POST /tokens/refresh', onError, async (req, res) => {
      const auth = authorise(req, res);
      if (!auth) return;
      const issued = tokens.issue(auth.scope);
      res.json({ conversationId: auth.scope.conversationId, token: issued.token, expires_in: issued.expires_in } satisfies DirectLineConversation);
    }),
  );

  server.post(
    `${DIRECT_LINE_BASE}/conversations`,
    guarded('POST /conversations', onError, async (req, res) => {
      const auth = authorise(req, res);
      if (!auth) return;
      const { scope } = auth;
      const header = await log.header(scope.conversationId);
      if (!header) return sendError(res, 404, 'NotFound', 'conversation not found; generate a new token');
      if (header.userId !== scope.userId) return sendError(res, 403, 'Forbidden', 'token is not valid for this conversation');
      // Only the first start greets: Web Chat starts again on every reconnect without an id. The mark
      // comes after the welcome turn, so a store failure in that turn (503) leaves it to the next
      // start; two starts at once are told apart by the welcome's fixed id.
      if (!header.started) {
        await adapter.processActivity(joinedActivity(scopeOf(scope), header.locale, new Date()), deps.logic);
        if (await log.markStarted(scope.conversationId)) res.status(201);
      }
      res.json(conversationBody(req, scope, auth.token));
    }),
  );

  server.get(
    `${DIRECT_LINE_BASE}/conversations/:id`,
    guarded('GET /conversations/:id', onError, async (req, res) => {
      const auth = authorise(req, res);
      if (!auth) return;
      const watermark = parseWatermark(req);
      if (watermark === undefined) return sendError(res, 400, 'BadRequest', 'watermark must be a non-negative integer');
      if (!(await log.header(auth.scope.conversationId))) return sendError(res, 404, 'NotFound', 'conversation not found');
      res.json(conversationBody(req, auth.scope, auth.token, watermark));
    }),
  );

  server.post(
    `${DIRECT_LINE_BASE}/conversations/:id/activities`,
    jsonBody(),
    guarded('POST /conversations/:id/activities', onError, async (req, res) => {
      const auth = authorise(req, res);
      if (!auth) return;
      if (!(await withinLimit(perConversation, auth.scope.conversationId, res, 'too many activities in this conversation'))) return;
      const inbound = toActivity(req.body, scopeOf(auth.scope), new Date());
      if (!inbound.ok) return sendError(res, 400, 'BadRequest', inbound.reason);
      if (inbound.activity.type === 'typing') {
        if (!(await log.header(auth.scope.conversationId))) return sendError(res, 404, 'NotFound', 'conversation not found');
        // Typing is a signal, not history: the bot hears it, the log is spared a write per keystroke burst.
        const id = `${auth.scope.conversationId}|typing-${randomUUID()}`;
        await adapter.processActivity({ ...inbound.activity, id }, deps.logic);
        return void res.json({ id } satisfies DirectLineResourceResponse);
      }
      // Stored first: Direct Line echoes the customer's own activities, and Web Chat waits for it.
      // The append is also the existence check, which saves a read per message.
      const appended = await log.append(auth.scope.conversationId, [inbound.activity]).catch((err: unknown) => {
        if (err instanceof ConversationNotFoundError) return undefined;
        // Not stored, so not taken: a 503, and Web Chat (after its send timeout) offers to resend.
        throw isTransientStoreError(err) ? new StorageUnavailableError('web chat: storing the activity', err) : err;
      });
      if (!appended) return sendError(res, 404, 'NotFound', 'conversation not found');
      const [stored] = appended;
      if (!stored?.id) throw new Error('registerDirectLineRoutes(): append returned no id');
      await adapter.processActivity(stored, deps.logic);
      res.json({ id: stored.id } satisfies DirectLineResourceResponse);
    }),
  );

  server.get(
    `${DIRECT_LINE_BASE}/conversations/:id/activities`,
    guarded('GET /conversations/:id/activities', onError, async (req, res) => {
      const auth = authorise(req, res);
      if (!auth) return;
      const watermark = parseWatermark(req);
      if (watermark === undefined) return sendError(res, 400, 'BadRequest', 'watermark must be a non-negative integer');
      if (!(await log.header(auth.scope.conversationId))) return sendError(res, 404, 'NotFound', 'conversation not found');
      const page = await log.since(auth.scope.conversationId, watermark);
      res.json({ activities: page.activities, watermark: String(page.watermark) } satisfies DirectLineActivitySet);
    }),
  );
}
