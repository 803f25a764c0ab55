import type { Config } from '../bots/config';
import type { Logger } from '../bots/logger';
import type { Metrics } from '../bots/observability/metrics';
import { TurnPipeline, type TurnPipelineOptions } from '../bots/pipeline';
import type { JobScheduling } from '../bots/scheduler';
import type { MailerSlot } from '../bots/directMail';
import type { StoredKind } from '../bots/state/storedKinds';
import type { ManagedStorage } from '../bots/state/types';
import { createDialogs, type ShopServices } from '.';
import { CustomerMiddleware } from './customers/customerMiddleware';
import { CustomerServiceBot } from './customerServiceBot';
import { HandoverRelay } from './handover/handoverRelay';
import { TranscriptMiddleware } from './handover/transcript';
import { JobTurnRunner } from './jobRunner';
import { t } from './locales';
import { KeywordRecognizer } from './nlu/keywordRecognizer';
import type { DialogModule } from './registry';
import { SendRules } from './sendRules';
import { UnsubscribeLinks } from './unsubscribe';
import { VerifiedContactMiddleware } from './verifiedContacts';

/** What the bot is built with beside the config and the store (index.ts AppOptions has the same fields). */
export interface BotOptions {
  pipeline?: TurnPipelineOptions;
  /** The current time for the dialogs (tests fix it; production leaves it unset). */
  clock?: () => Date;
  /** The dialog folders to serve; dialogs/index.ts's DIALOG_MODULES when unset. */
  modules?: readonly DialogModule[];
  /**
   * The shop's own knowledge base, booking calendar and order system; the samples where unset. A
   * function gets the settings and the store, for services that keep data in it.
   */
  services?: ShopServices | ((deps: { config: Config; storage: ManagedStorage }) => ShopServices);
}

/** One-click unsubscribe links: PUBLIC_URL names where they point, EVENTS_SECRET signs them. */
export const unsubscribeLinks = (config: Config) => new UnsubscribeLinks(config.env.PUBLIC_URL, config.env.EVENTS_SECRET);

/** The bot, its dialogs and the turn pipeline, wired as every channel uses them. */
export function createBot(config: Config, storage: ManagedStorage, logger: Logger, options: BotOptions & { metrics?: Metrics; scheduler?: JobScheduling; storedKinds?: readonly StoredKind[]; mailer?: MailerSlot } = {}) {
  const services = typeof options.services === 'function' ? options.services({ config, storage }) : options.services;
  const dialogs = createDialogs(config, storage, {
    ...services,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.modules ? { modules: options.modules } : {}),
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    ...(options.storedKinds ? { storedKinds: options.storedKinds } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
  });
  const pipeline = new TurnPipeline(config, storage, logger, {
    ...options.pipeline,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    // Only when people can take over: a transcript nobody reads would grow every turn's state write.
    turnMiddleware: [
      ...(dialogs.handoverQueue ? [new TranscriptMiddleware()] : []),
      ...(dialogs.shopEvents ? [new VerifiedContactMiddleware(dialogs.followers)] : []),
      new CustomerMiddleware(dialogs.customers, options.clock ?? (() => new Date()), config.defaultLocale, logger),
      ...(options.pipeline?.turnMiddleware ?? []),
    ],
    errorReply: options.pipeline?.errorReply ?? ((locale, failure) => t(locale, failure === 'backend' ? 'error.backend' : 'error.generic')),
    detectLanguage: (text) => dialogs.nlu.guessLocale(text),
  });
  const queue = dialogs.handoverQueue;
  const { QUIET_HOURS: quietHours, TIMEZONE: timeZone, MARKETING_PER_WEEK: marketingPerWeek } = config.env;
  const rules = new SendRules({ quietHours, timeZone, marketingPerWeek, optOuts: dialogs.optOuts, links: unsubscribeLinks(config), defaultLocale: config.defaultLocale });
  const bot = new CustomerServiceBot(dialogs.mainDialog, {
    shopName: config.env.SHOP_NAME,
    defaultLocale: config.defaultLocale,
    ...(queue ? { relay: (state) => new HandoverRelay(queue, dialogs.mainDialog, state, new KeywordRecognizer(), config.defaultLocale) } : {}),
    jobs: (state) => new JobTurnRunner(dialogs.mainDialog, state, dialogs.jobTurns, options.clock ?? (() => new Date()), rules),
  });
  return { bot, pipeline, dialogs };
}

