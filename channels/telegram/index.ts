import type { Request, Response } from 'restify';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { ChannelFactory, ChannelModule } from '../channel';
import { guarded, jsonBody, sendError } from '../../bots/http/handlers';
import { isStorageUnavailable, isTransientStoreError, StorageUnavailableError } from '../../bots/state/types';
import { TelegramAdapter } from './adapter';
import { TelegramSendQueue, type SendQueueOptions } from './client';
import { toActivity, type BotIdentity } from './inbound';
import { updateProblem } from './updateSchema';
import { viaAzureBotService } from '../shared/azureServiceUrl';
import { sameSecret } from '../../bots/http/secrets';
import { TELEGRAM_CAPABILITIES } from './renderer';

export const TELEGRAM_WEBHOOK = '/api/telegram/webhook';
/** In polling mode, the first wait before an update is tried again while the store is down. */
const POLLING_STORE_WAIT_MS = 1000;
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** A turn that runs longer than this shows "typing…", refreshed as Telegram expires it after 5 s. */
const TYPING_AFTER_MS = 1000;
const TYPING_EVERY_MS = 4500;

/** Test seam: faster retries against the local fake Bot API. */
export const telegramTuning: { sendQueue: SendQueueOptions } = { sendQueue: {} };


/**
 * Telegram: telegraf's client and update handling, our adapter and pipeline. Webhook mode (with
 * PUBLIC_URL) registers the webhook with a secret; polling mode is for local development.
 */
export const createTelegramChannel: ChannelFactory = (deps) => {
  const env = deps.config.env;
  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) return undefined;
  const mode = env.TELEGRAM_MODE ?? (env.PUBLIC_URL ? 'webhook' : 'polling');
  if (mode === 'webhook' && !env.TELEGRAM_WEBHOOK_SECRET) throw new Error('createTelegramChannel(): TELEGRAM_WEBHOOK_SECRET is required in webhook mode');
  const bot = new Telegraf(token, { telegram: { apiRoot: env.TELEGRAM_API_ROOT, webhookReply: false } });
  const sendQueue = new TelegramSendQueue(bot.telegram, deps.storage, deps.logger, telegramTuning.sendQueue, deps.metrics);
  const serviceUrl = env.TELEGRAM_API_ROOT;
  const adapter = new TelegramAdapter(sendQueue, deps.storage, serviceUrl);
  deps.installPipeline(adapter);
  let identity: BotIdentity | undefined;

  const handle = async (update: Update): Promise<void> => {
    if (!identity) throw new Error('createTelegramChannel(): update before the bot identity is known');
    const data = 'callback_query' in update && 'data' in update.callback_query ? update.callback_query.data : undefined;
    const value =
      data === undefined
        ? undefined
        : await adapter.callbackValue(data).catch((err: unknown) => {
            throw isTransientStoreError(err) ? new StorageUnavailableError('telegram: reading the pressed button', err) : err;
          });
    const mapped = toActivity(update, identity, serviceUrl, () => value);
    const chatId = mapped.kind === 'turn' ? mapped.chatId : undefined;
    // Telegram shows a spinner on the button until the press is answered, whatever happens next.
    if (mapped.callbackQueryId) await bot.telegram.answerCbQuery(mapped.callbackQueryId).catch((err: unknown) => deps.logger.warn({ err }, 'answerCallbackQuery failed'));
    if (mapped.kind === 'skip' || chatId === undefined) {
      deps.logger.debug({ updateId: update.update_id, reason: mapped.kind === 'skip' ? mapped.reason : 'no chat' }, 'telegram update skipped');
      return;
    }
    if (mapped.kind === 'turn' && mapped.keyboardMessageId !== undefined) {
      await adapter.removeKeyboard(chatId, mapped.keyboardMessageId).catch((err: unknown) => deps.logger.warn({ err, chatId }, 'could not remove keyboard'));
    }
    let typing: NodeJS.Timeout | undefined;
    const showTyping = () => {
      void sendQueue.send(chatId, 'sendChatAction', { action: 'typing' }).catch(() => undefined);
      typing = setTimeout(showTyping, TYPING_EVERY_MS);
    };
    typing = setTimeout(showTyping, TYPING_AFTER_MS);
    try {
      await adapter.processActivity(mapped.activity, deps.logic);
    } finally {
      clearTimeout(typing);
    }
  };
  let stopping = false;
  bot.use(async (ctx) => {
    // Polling has no redelivery: while the store is down the update is held here, and with it
    // the poll that would confirm it (offsets advance only after a batch is handled).
    for (let wait = POLLING_STORE_WAIT_MS; ; wait = Math.min(wait * 2, 30_000)) {
      try {
        await handle(ctx.update);
        return;
      } catch (err) {
        if (mode === 'webhook' || stopping || !isStorageUnavailable(err)) throw err;
        deps.logger.warn({ updateId: ctx.update.update_id, retryInMs: wait }, 'telegram update waits: the store is unavailable');
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  });
  bot.catch((err) => {
    // A webhook answers 503 for these so Telegram delivers the update again; in polling mode they
    // were waited out above (a throw here would stop polling for good).
    if (mode === 'webhook' && isStorageUnavailable(err)) throw err;
    deps.logger.error({ err }, 'telegram update failed');
  });

  const module: ChannelModule = {
    id: 'telegram',
    capabilities: TELEGRAM_CAPABILITIES,
    adapter,
    async ownsConversation(reference) {
      return !viaAzureBotService(reference.serviceUrl);
    },
    registerRoutes(server) {
      if (mode !== 'webhook') return;
      const secret = env.TELEGRAM_WEBHOOK_SECRET ?? '';
      server.post(
        TELEGRAM_WEBHOOK,
        jsonBody(WEBHOOK_BODY_LIMIT, {
          verify: (_raw, req) =>
            sameSecret(req.headers['x-telegram-bot-api-secret-token'] as string | undefined, secret)
              ? undefined
              : { status: 403, code: 'Forbidden', message: 'X-Telegram-Bot-Api-Secret-Token is missing or wrong' },
        }),
        guarded('POST telegram webhook', (err, place) => deps.logger.error({ err }, `${place} failed`), async (req: Request, res: Response) => {
          // Anything but a 2xx makes Telegram redeliver; a malformed update is logged and acknowledged.
          const problem = updateProblem(req.body);
          if (problem) {
            deps.logger.warn({ problem }, 'telegram webhook: update skipped');
            res.json({ ok: true });
            return;
          }
          const body = req.body as Update;
          try {
            await bot.handleUpdate(body);
          } catch (err) {
            if (!isStorageUnavailable(err)) {
              // Anything else would fail again on redelivery (and hold up the chat's later updates).
              deps.logger.error({ err, updateId: body.update_id }, 'telegram update failed');
              res.json({ ok: true });
              return;
            }
            res.header('Retry-After', '5');
            return sendError(res, 503, 'ServiceUnavailable', 'the store is unavailable; deliver this update again');
          }
          res.json({ ok: true });
        }),
      );
    },
    async start() {
      const me = await bot.telegram.getMe();
      identity = { id: me.id, username: me.username };
      bot.botInfo = me;
      if (mode === 'webhook') {
        const url = `${(env.PUBLIC_URL ?? '').replace(/\/$/, '')}${TELEGRAM_WEBHOOK}`;
        await bot.telegram.setWebhook(url, { secret_token: env.TELEGRAM_WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] });
        deps.logger.info({ url }, 'telegram webhook registered');
      } else {
        void bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((err: unknown) => deps.logger.error({ err }, 'telegram polling stopped'));
        deps.logger.info('telegram long polling started');
      }
    },
    async stop() {
      stopping = true;
      if (mode === 'polling') bot.stop('shutdown');
    },
  };
  return module;
};
