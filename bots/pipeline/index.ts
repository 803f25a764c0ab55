import type { BotAdapter, Middleware } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../observability/metrics';
import { TurnObserver } from '../observability/turnObserver';
import { STATE_NAMESPACE, type StateNamespace } from '../state/stateKeys';
import { TurnStateManager } from '../state/turnState';
import type { ManagedStorage } from '../state/types';
import { createTurnErrorPolicy } from '../turnErrorPolicy';
import { ConversationLock } from './conversationLock';
import { InFlightTurns } from './inFlightTurns';
import { LocaleMiddleware, type LanguageDetector } from './locale';
import { StatefulTurn, type StatefulTurnOptions } from './statefulTurn';
import { TranscriptMiddleware } from './transcript';

/** The shared turn pipeline; one instance per process, installed on every channel's adapter. */
export class TurnPipeline {
  readonly inFlight = new InFlightTurns();
  readonly lock = new ConversationLock();
  readonly statefulTurn: StatefulTurn;
  private readonly observer: TurnObserver;
  private readonly locale: LocaleMiddleware;
  /** Only when people can take over: a transcript nobody reads would grow every turn's state write. */
  private readonly transcript: TranscriptMiddleware | undefined;
  private readonly onTurnError: ReturnType<typeof createTurnErrorPolicy>;

  constructor(
    config: Config,
    storage: ManagedStorage,
    logger: Logger,
    options: StatefulTurnOptions & { detectLanguage?: LanguageDetector; metrics?: Metrics; keepTranscript?: boolean } = {},
  ) {
    this.transcript = options.keepTranscript === false ? undefined : new TranscriptMiddleware();
    this.observer = new TurnObserver(logger, options.metrics);
    this.statefulTurn = new StatefulTurn(new TurnStateManager(storage), logger, options);
    this.locale = new LocaleMiddleware(config.supportedLocales, config.defaultLocale, options.detectLanguage);
    this.onTurnError = createTurnErrorPolicy(storage, logger, config.defaultLocale);
  }

  /**
   * `stateNamespace` is for adapters that relay channels they did not authenticate themselves
   * (see bots/state/stateKeys.ts); it runs before anything reads a state key.
   */
  install(adapter: BotAdapter, options: { stateNamespace?: StateNamespace } = {}): void {
    const namespace = options.stateNamespace;
    if (namespace) adapter.use(namespacing(namespace));
    adapter.use(this.observer, this.inFlight, this.lock, this.statefulTurn);
    if (this.transcript) adapter.use(this.transcript);
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
