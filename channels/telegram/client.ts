import { Mutex } from 'async-mutex';
import { backOff } from 'exponential-backoff';
import { TelegramError, type Telegram } from 'telegraf';
import type { Logger } from '../../bots/logger';
import type { Metrics } from '../../bots/observability/metrics';
import type { TurnContext } from '../../bots/botFramework';
import type { ManagedStorage } from '../../bots/state/types';
import { updateWithTurn } from '../../bots/state/withTurn';

/** The customer blocked the bot (Telegram 403); nothing more is sent until they write again. */
export class ChatUnreachableError extends Error {
  /** For bots/outbox: retrying will not help. */
  readonly permanent = true;
  readonly refusal = 'chat_unreachable';
  constructor(readonly chatId: number) {
    super(`TelegramSendQueue.send(): chat ${chatId} blocked the bot or is gone`);
    this.name = 'ChatUnreachableError';
  }
}

/**
 * A Bot API call that failed after this client's short retries, described for bots/outbox: a
 * 4xx other than 401 and 429 is permanent (the request itself is wrong); a 429 carries Telegram's
 * `retry_after`; a 401 (the token was revoked or mistyped: an operator fixes it), 5xx, resets and
 * timeouts are retried later.
 */
export class TelegramCallError extends Error {
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    cause: unknown,
    retryAfterSeconds: number | undefined,
  ) {
    super(`TelegramSendQueue.send(): ${method} failed${code !== undefined ? ` with ${code}` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TelegramCallError';
    this.permanent = code !== undefined && code >= 400 && code < 500 && code !== 401 && code !== 429;
    this.retryAfterMs = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined;
  }
}

const unreachableKey = (chatId: number) => `telegram/unreachable/${chatId}`;
/** A lifted mark is written over the old one (a turn's save cannot delete) and kept only briefly. */
const LIFTED_MARK_TTL_SECONDS = 24 * 60 * 60;

function isUnreachableMark(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'since' in item;
}
/**
 * telegraf types its signal with the abort-controller polyfill; node-fetch, underneath, takes
 * Node's own AbortSignal (it checks the object's shape), so only the type differs.
 */
type CallSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>;
const timeoutSignal = (ms: number) => AbortSignal.timeout(ms) as unknown as CallSignal;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SendQueueOptions {
  attempts?: number;
  firstDelayMs?: number;
  /** A call with no answer by then is abandoned (telegraf's own limit is 500 s). */
  callTimeoutMs?: number;
  /** A 429 asking for at most this pause is waited out here; a longer one goes back to bots/outbox. */
  maxInlineRetryAfterSeconds?: number;
}

/**
 * Bot API calls per chat, one at a time and in order, with short retries only: 5xx are retried
 * with exponential backoff and a brief 429 is waited out; what still fails (a long `retry_after`,
 * an outage, a hang) is thrown to the pipeline's outbox, which keeps the reply and tries again
 * later. 403 marks the chat unreachable. Every failure is logged with chat and code.
 */
export class TelegramSendQueue {
  private readonly queues = new Map<number, Mutex>();
  /** Chats this process saw refuse a call (403) since they last wrote; checked even when `knownReachable`. */
  private readonly refusedHere = new Set<number>();

  constructor(
    private readonly telegram: Telegram,
    private readonly storage: ManagedStorage,
    private readonly logger: Logger,
    private readonly options: SendQueueOptions = {},
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
    return isUnreachableMark((await this.storage.read([unreachableKey(chatId)]))[unreachableKey(chatId)]);
  }

  /**
   * The customer wrote again, so the bot may answer again: a mark is lifted in the save of the
   * turn (read with its state, so a chat that was never refused costs no round trip of its own).
   */
  markReachable(context: Pick<TurnContext, 'turnState'>, chatId: number): void {
    this.refusedHere.delete(chatId);
    updateWithTurn(context, unreachableKey(chatId), (current) => (isUnreachableMark(current) ? { liftedAt: new Date().toISOString(), ttl: LIFTED_MARK_TTL_SECONDS } : undefined));
  }

  private async deliver<T>(chatId: number, method: string, payload: Record<string, unknown>, knownReachable: boolean): Promise<T> {
    // Within the customer's turn only this process's own 403 counts; a proactive send trusts the
    // stored mark alone, which every instance clears when the customer writes again.
    if (knownReachable ? this.refusedHere.has(chatId) : await this.isUnreachable(chatId)) throw new ChatUnreachableError(chatId);
    const inlineRetryAfter = this.options.maxInlineRetryAfterSeconds ?? 2;
    const timeoutMs = this.options.callTimeoutMs ?? 10_000;
    try {
      return await backOff(
        () => this.telegram.callApi(method as 'sendMessage', { chat_id: chatId, ...payload } as never, { signal: timeoutSignal(timeoutMs) }) as Promise<T>,
        {
          numOfAttempts: this.options.attempts ?? 3,
          startingDelay: this.options.firstDelayMs ?? 300,
          jitter: 'full',
          retry: async (err: unknown) => {
            if (!(err instanceof TelegramError)) return false;
            this.logger.warn({ chatId, method, code: err.code, description: err.description }, 'Telegram call failed');
            if (err.code === 429) {
              const wait = err.parameters?.retry_after ?? 1;
              if (wait > inlineRetryAfter) return false;
              await sleep(wait * 1000);
              return true;
            }
            return err.code >= 500;
          },
        },
      );
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
      throw new TelegramCallError(method, code, err, err instanceof TelegramError ? err.parameters?.retry_after : undefined);
    }
  }
}
