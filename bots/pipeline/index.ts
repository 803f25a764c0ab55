import type { BotAdapter, Middleware } from '../botFramework';
import type { Config, Locale } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../observability/metrics';
import { TurnObserver } from '../observability/turnObserver';
import { ReplySender } from '../outbox/replySender';
import { RetryIndex } from '../outbox/retryIndex';
import { RetryWorker, type ResumeConversation } from '../outbox/retryWorker';
import { DEFAULT_DELIVERY_TUNING, type DeliveryTuning } from '../outbox/tuning';
import { STATE_NAMESPACE, type StateNamespace } from '../state/stateKeys';
import { TurnStateManager } from '../state/turnState';
import type { ManagedStorage } from '../state/types';
import { createTurnErrorPolicy, type TurnFailure } from '../turnErrorPolicy';
import { ConversationLock } from './conversationLock';
import { InFlightTurns } from './inFlightTurns';
import { LocaleMiddleware, type LanguageDetector } from './locale';
import { StatefulTurn, type StatefulTurnOptions } from './statefulTurn';

export type TurnPipelineOptions = StatefulTurnOptions & {
  detectLanguage?: LanguageDetector;
  metrics?: Metrics;
  /**
   * Middleware that runs inside the stateful turn (after state is loaded, before the locale is
   * chosen), so what it writes to state is saved with the turn; the handover transcript is one.
   */
  turnMiddleware?: readonly Middleware[];
  /** What the customer is told when a turn fails, in their language (the composition root's texts). */
  errorReply?: (locale: Locale, failure: TurnFailure) => string;
  /** Retry timings and the clock (tests run outages of minutes in seconds). */
  delivery?: Partial<DeliveryTuning>;
};

/** The shared turn pipeline; one instance per process, installed on every channel's adapter. */
export class TurnPipeline {
  readonly inFlight = new InFlightTurns();
  readonly lock = new ConversationLock();
  readonly statefulTurn: StatefulTurn;
  /** Conversations with replies waiting for a retry, and dead letters. */
  readonly retryIndex: RetryIndex;
  private readonly delivery: DeliveryTuning;
  private worker: RetryWorker | undefined;
  private readonly observer: TurnObserver;
  private readonly locale: LocaleMiddleware;
  private readonly turnMiddleware: readonly Middleware[];
  private readonly onTurnError: ReturnType<typeof createTurnErrorPolicy>;

  constructor(
    config: Config,
    storage: ManagedStorage,
    logger: Logger,
    options: TurnPipelineOptions = {},
  ) {
    this.turnMiddleware = options.turnMiddleware ?? [];
    this.observer = new TurnObserver(logger, options.metrics);
    this.delivery = { ...DEFAULT_DELIVERY_TUNING, ...options.delivery };
    this.retryIndex = new RetryIndex(storage);
    const sender = new ReplySender(storage, this.retryIndex, logger, () => this.delivery, () => this.worker?.kick());
    this.statefulTurn = new StatefulTurn(new TurnStateManager(storage), sender, logger, options);
    this.locale = new LocaleMiddleware(config.supportedLocales, config.defaultLocale, options.detectLanguage);
    this.onTurnError = createTurnErrorPolicy(storage, logger, config.defaultLocale, options.errorReply);
  }

  /**
   * Starts retrying the replies that failed, here or in a process that stopped before sending
   * them; `resume` runs an empty turn in a conversation, on the adapter it belongs to.
   */
  startRetries(resume: ResumeConversation, logger: Logger): RetryWorker {
    this.worker ??= new RetryWorker(this.retryIndex, resume, logger, () => this.delivery);
    this.worker.kick();
    return this.worker;
  }

  async stopRetries(): Promise<void> {
    await this.worker?.stop();
  }

  /**
   * `stateNamespace` is for adapters that relay channels they did not authenticate themselves
   * (see bots/state/stateKeys.ts); it runs before anything reads a state key.
   */
  install(adapter: BotAdapter, options: { stateNamespace?: StateNamespace } = {}): void {
    const namespace = options.stateNamespace;
    if (namespace) adapter.use(namespacing(namespace));
    adapter.use(this.observer, this.inFlight, this.lock, this.statefulTurn);
    if (this.turnMiddleware.length > 0) adapter.use(...this.turnMiddleware);
    adapter.use(this.locale);
    adapter.onTurnError = this.onTurnError;
  }
}

function namespacing(namespace: StateNamespace): Middleware {
  return {
    async onTurn(context, next) {
      context.turnState.set(STATE_NAMESPACE, namespace(context.activity));
      await next();
    },
  };
}
