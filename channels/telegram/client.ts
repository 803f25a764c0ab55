import { Mutex } from 'async-mutex';
import { backOff } from 'exponential-backoff';
import { TelegramError, type Telegram } from 'telegraf';
import type { Logger } from '../../bots/logger';
import type { Metrics } from '../../bots/observability/metrics';
import type { ManagedStorage } from '../../bots/state/types';

/** The customer blocked the bot (Telegram 403); nothing more is sent until they write again. */
export class ChatUnreachableError extends Error {
  constructor(readonly chatId: number) {
    super(`TelegramOutbox.send(): chat ${chatId} blocked the bot or is gone`);
    this.name = 'ChatUnreachableError';
  }
}

const unreachableKey = (chatId: number) => `telegram/unreachable/${chatId}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface OutboxOptions {
  attempts?: number;
  firstDelayMs?: number;
}

/**
 * Bot API calls per chat, one at a time and in order: a 429 waits the `retry_after` Telegram asks
 * for before the same call is retried (so later messages cannot overtake it), 5xx are retried with
 * exponential backoff, 403 marks the chat unreachable. Every failure is logged with chat and code.
 */
export class TelegramOutbox {
  private readonly queues = new Map<number, Mutex>();
  /** Chats this process saw refuse a call (403) since they last wrote; checked even when `knownReachable`. */
  private readonly refusedHere = new Set<number>();

  constructor(
    private readonly telegram: Telegram,
    private readonly storage: ManagedStorage,
    private readonly logger: Logger,
    private readonly options: OutboxOptions = {},
    private readonly metrics?: Metrics,
  ) {}

  /**
   * `knownReachable`: the chat has just written to the bot (a reply within its own turn), so the
   * stored "unreachable" mark was cleared moments ago and need not be read again before sending.
   */
  async send<T>(chatId: number, method: string, payload: Record<string, unknown>, knownReachable = false): Promise<T> {
    const queue = this.queues.get(chatId) ?? new Mutex();
    this.queues.set(chatId, queue);
    try {
      return await queue.runExclusive(() => this.deliver<T>(chatId, method, payload, knownReachable));
    } finally {
      if (!queue.isLocked()) this.queues.delete(chatId);
    }
  }

  async isUnreachable(chatId: number): Promise<boolean> {
    return (await this.storage.read([unreachableKey(chatId)]))[unreachableKey(chatId)] !== undefined;
  }

  /** The customer wrote again, so the bot may answer again. */
  async markReachable(chatId: number): Promise<void> {
    this.refusedHere.delete(chatId);
    await this.storage.delete([unreachableKey(chatId)]);
  }

  private async deliver<T>(chatId: number, method: string, payload: Record<string, unknown>, knownReachable: boolean): Promise<T> {
    // Within the customer's turn only this process's own 403 counts; a proactive send trusts the
    // stored mark alone, which every instance clears when the customer writes again.
    if (knownReachable ? this.refusedHere.has(chatId) : await this.isUnreachable(chatId)) throw new ChatUnreachableError(chatId);
    try {
      return await backOff(() => this.telegram.callApi(method as 'sendMessage', { chat_id: chatId, ...payload } as never) as Promise<T>, {
        numOfAttempts: this.options.attempts ?? 5,
        startingDelay: this.options.firstDelayMs ?? 500,
        jitter: 'full',
        retry: async (err: unknown) => {
          if (!(err instanceof TelegramError)) return false;
          this.logger.warn({ chatId, method, code: err.code, description: err.description }, 'Telegram call failed; retrying');
          if (err.code === 429) {
            await sleep(Math.min(err.parameters?.retry_after ?? 1, 60) * 1000);
            return true;
          }
          return err.code >= 500;
        },
      });
    } catch (err) {
      const code = err instanceof TelegramError ? err.code : undefined;
      this.logger.error({ err, chatId, method, code }, 'Telegram call failed');
      this.metrics?.outboundFailure('telegram', code ?? (err instanceof Error ? err.name : undefined));
      if (code === 403) {
        this.refusedHere.add(chatId);
        if (this.refusedHere.size > 10_000) this.refusedHere.clear();
        await this.storage.write({ [unreachableKey(chatId)]: { since: new Date().toISOString() } });
        throw new ChatUnreachableError(chatId);
      }
      throw err;
    }
  }
}
