import type { Server } from 'restify';
import type { ChannelFactory, ChannelModule } from './channels/channel';
import { createInbox, type Inbox } from './channels/inbox';
import { customerRecords, linkedSources } from './channels/inbox/customerRecords';
import { personViews } from './channels/inbox/personView';
import type { HandoverQueue } from './dialogs/handover/handoverQueue';
import { loadConfig, type Config } from './bots/config';
import { createLogger, type Logger } from './bots/logger';
import { Metrics } from './bots/observability/metrics';
import { registerMetricsRoute } from './bots/observability/metricsRoute';
import { TurnPipeline } from './bots/pipeline';
import { channelTraits } from './bots/pipeline/channelTraits';
import { ProactiveTurns } from './channels/shared/proactiveTurns';
import { createServer, type ServerLimits } from './bots/server';
import type { ManagedStorage } from './bots/state/types';
import { createStorage } from './bots/state/storageFactory';
import { DEFAULT_SCHEDULER_TUNING, JobStore, Scheduler, type SchedulerTuning } from './bots/scheduler';
import { conversationJobHandler } from './channels/shared/scheduledTurns';
import { registerUnsubscribeRoute } from './channels/events/unsubscribe';
import { channelFactories } from './channels/registry';
import { registerEventsRoute } from './channels/events';
import { registerPrivacyRoutes } from './channels/privacy';
import { MailerSlot } from './bots/directMail';
import { erasureJobHandler, PRIVACY_ERASE_JOB } from './dialogs/privacy/erasureRequests';
import { createBot, unsubscribeLinks, type BotOptions } from './dialogs/createBot';
import { RetentionPolicy, RetentionStore } from './bots/state/retention';
import { retentionDaysOf } from './bots/state/retentionDays';
import { BOT_STORED_KINDS, type StoredKind } from './bots/state/storedKinds';
import { DIALOG_STORED_KINDS } from './dialogs/storedKinds';
import { CHANNEL_STORED_KINDS } from './channels/storedKinds';

/**
 * Switchboard's composition root and its public API: config → storage → dialogs → bot → channels →
 * restify. Importing it starts nothing; `startServer()` (what `switchboard start` runs) or
 * `buildApp()` (the same, not listening, for tests) do. docs/extending.md shows it in use.
 */

export interface AppOptions extends BotOptions {
  /** The channels to build; every channel this package has (channelFactories) when unset. */
  channels?: readonly ChannelFactory[];
  /** Kinds of item the app's own dialogs or channels keep, with their retention (bots/state/storedKinds.ts). */
  storedKinds?: readonly StoredKind[];
  /** How long a shutdown waits for running turns before closing the store anyway. */
  drainTimeoutMs?: number;
  /** Where turns and channels count; a fresh registry per app when unset. */
  metrics?: Metrics;
  /** How often the inbox checks for unclaimed conversations (tests call `inbox.sweep()` instead). */
  claimSweepIntervalMs?: number;
  /** Request time, connection and readiness limits (bots/server.ts has the defaults). */
  limits?: ServerLimits;
  /** The job scheduler's poll, lease and retry timing and its clock (tests move a manual one). */
  scheduler?: Partial<SchedulerTuning>;
}

export interface App {
  server: Server;
  pipeline: TurnPipeline;
  channels: ChannelModule[];
  metrics: Metrics;
  /** The agent inbox; undefined when INBOX_AGENTS is empty. */
  inbox: Inbox | undefined;
  /** The handover queue (`depth()` is the number of conversations waiting for an agent); undefined without agents. */
  handoverQueue: HandoverQueue | undefined;
  /** Jobs for later (booking reminders), kept in the store and run once across instances; started by `listen`. */
  scheduler: Scheduler;
  /** Resolves with the address once listening and every channel has started. */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting requests, finishes running turns, stops channels, closes the store. */
  shutdown(): Promise<void>;
}

/** The composition root minus process concerns, so tests can run the whole server in-process. */
export function createApp(config: Config, given: ManagedStorage, logger: Logger, options: AppOptions): App {
  // Every write through the app gets its kind's retention as ttl (RETENTION_DAYS, docs/privacy.md).
  const retention = retentionPolicy(config, options.storedKinds, options.clock);
  const mailer = new MailerSlot();
  const storage = new RetentionStore(given, retention, logger);
  const metrics = options.metrics ?? new Metrics((queue, err) => logger.error({ err, queue }, 'metrics: reading a queue depth failed'));
  const scheduler = new Scheduler(new JobStore(storage), logger, { ...DEFAULT_SCHEDULER_TUNING, ...options.scheduler }, metrics);
  const { bot, pipeline, dialogs } = createBot(config, storage, logger, { ...options, metrics, scheduler, storedKinds: retention.kinds, mailer });
  const { server, upgrades } = createServer(storage, logger, options.limits);
  registerMetricsRoute(server, metrics, config.env.METRICS_TOKEN, logger);
  const deps = { config, storage, logger, metrics, logic: (context: Parameters<typeof bot.run>[0]) => bot.run(context), installPipeline: pipeline.install.bind(pipeline) };
  const channels = (options.channels ?? channelFactories).flatMap((factory) => factory(deps) ?? []);
  for (const { mailer: channelMailer } of channels) if (channelMailer) mailer.fill(channelMailer);
  for (const channel of channels) {
    // What the dialogs may know of the channel, as capabilities say it (they never read channelId).
    channel.adapter.use(channelTraits({ reachesCustomerLater: channel.capabilities.reachesCustomerLater }));
    channel.registerRoutes(server, upgrades);
  }
  // The running channels, for the turns the bot starts itself: agent replies and reply retries.
  const proactive = new ProactiveTurns(channels, logger);
  const speaks = conversationJobHandler(proactive, deps.logic);
  for (const kind of dialogs.jobTurns.keys()) scheduler.handle(kind, speaks);
  const { personalData, customers, bookings } = dialogs;
  scheduler.handle(PRIVACY_ERASE_JOB, erasureJobHandler({ storage, personalData, customers, bookings, timeZone: config.env.TIMEZONE, clock: options.clock ?? (() => new Date()) }));
  const queue = dialogs.handoverQueue;
  const inbox = queue
    ? createInbox({
        config,
        logger,
        queue,
        proactive,
        logic: deps.logic,
        records: customerRecords(linkedSources(dialogs.customers, { bookings: (key) => dialogs.bookings.list(key), returns: (key) => dialogs.returns.list(key), scheduled: (key) => scheduler.about(key), optOuts: (key) => dialogs.optOuts.of(key) }), logger),
        customers: dialogs.customers,
        people: personViews(dialogs.customers, storage),
        ...(options.claimSweepIntervalMs ? { sweepIntervalMs: options.claimSweepIntervalMs } : {}),
      })
    : undefined;
  inbox?.registerRoutes(server);
  registerPrivacyRoutes(server, { token: config.env.OPERATOR_TOKEN, personalData: dialogs.personalData, logger });
  registerEventsRoute(server, { secret: config.env.EVENTS_SECRET, events: dialogs.shopEvents, logger });
  registerUnsubscribeRoute(server, { config, links: unsubscribeLinks(config), optOuts: dialogs.optOuts, logger, clock: options.clock ?? (() => new Date()) });
  if (queue) metrics.watchQueue('handover', () => queue.depth());

  let closing: Promise<void> | undefined;
  return {
    server,
    pipeline,
    channels,
    metrics,
    inbox,
    handoverQueue: queue,
    scheduler,
    async listen(port = config.port, host = config.host) {
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address();
      // Trained after listening so health checks answer at once; the first message waits for it.
      dialogs.nlu.warmUp().catch((err: unknown) => logger.error({ err }, 'NLU training failed'));
      for (const channel of channels) {
        await channel.start?.();
        logger.info({ channel: channel.id }, `channel ${channel.id} enabled`);
      }
      // After the channels: a resumed conversation is sent through its (started) channel.
      const retries = pipeline.startRetries(async (reference) => {
        const module = await proactive.channelOf(reference);
        if (!module) throw new Error(`no running channel takes ${reference.channelId ?? 'unknown'} conversations`);
        await module.adapter.continueConversation(reference, async () => undefined);
      }, logger);
      metrics.watchQueue('reply-retries', () => retries.depth);
      // After the channels too: a reminder that fell due while no instance ran goes out now.
      scheduler.start();
      metrics.watchQueue('scheduled-jobs', () => scheduler.depth);
      if (inbox) {
        inbox.start();
        logger.info({ agents: config.env.INBOX_AGENTS.length }, 'agent inbox enabled at /inbox');
      }
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      return { port: address.port, url: `http://${shownHost}:${address.port}` };
    },
    shutdown() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.server.closeIdleConnections();
        const drained = await pipeline.inFlight.drain(options.drainTimeoutMs ?? 10_000);
        if (!drained) logger.warn({ running: pipeline.inFlight.count }, 'shutdown: turns still running after the drain timeout');
        inbox?.stop();
        await scheduler.stop();
        await pipeline.stopRetries();
        for (const channel of channels) await channel.stop?.();
        // Responses of the turns just drained may still be on their way out: let them finish,
        // then cut whatever keep-alive or stuck connection is left.
        const idleSweep = setInterval(() => server.server.closeIdleConnections(), 25);
        const forced = setTimeout(() => server.server.closeAllConnections(), 2000);
        await closed;
        clearInterval(idleSweep);
        clearTimeout(forced);
        await storage.close();
      })();
      return closing;
    },
  };
}

/** Every kind of item the app keeps, with RETENTION_DAYS and RETENTION_DAYS_BY_KIND applied. */
export function retentionPolicy(config: Config, appKinds: readonly StoredKind[] = [], clock?: () => Date): RetentionPolicy {
  return new RetentionPolicy([...BOT_STORED_KINDS, ...DIALOG_STORED_KINDS, ...CHANNEL_STORED_KINDS, ...appKinds], retentionDaysOf(config.env), clock ? () => clock().getTime() : Date.now);
}

export interface StartOptions extends AppOptions {
  /** Where the settings come from; process.env when neither this nor `config` is given. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Settings already read (loadConfig); wins over `env`. */
  config?: Config;
  /** A store of your own; the one STORAGE names (file, cosmos, memory) when unset. */
  storage?: ManagedStorage;
  logger?: Logger;
}

/** An app built from options and the environment, with what it was built from. */
export interface BuiltApp {
  app: App;
  config: Config;
  logger: Logger;
  storage: ManagedStorage;
}

export interface RunningServer extends BuiltApp {
  url: string;
  port: number;
  /** Finishes running turns, stops the channels and closes the store. */
  stop(): Promise<void>;
}

/** Everything `startServer` builds, not yet listening: for tests (`app.server`) and embedding. */
export async function buildApp(options: StartOptions = {}): Promise<BuiltApp> {
  const { env, config: given, storage: ownStorage, logger: ownLogger, ...appOptions } = options;
  const config = given ?? loadConfig(env ?? process.env);
  const logger = ownLogger ?? createLogger(config);
  const storage = ownStorage ?? (await createStorage(config, logger));
  return { app: createApp(config, storage, logger, appOptions), config, logger, storage };
}

/** Builds the app and listens on PORT/HOST (or `port`/`host`); what `switchboard start` runs. */
export async function startServer(options: StartOptions & { port?: number; host?: string } = {}): Promise<RunningServer> {
  const { port, host, ...rest } = options;
  const built = await buildApp(rest);
  const address = await built.app.listen(port, host);
  built.logger.info({ url: address.url, storage: built.config.env.STORAGE }, `Switchboard is listening on ${address.url}`);
  return { ...built, ...address, stop: () => built.app.shutdown() };
}

// The public API: what an app built on Switchboard needs, from one import ('switchboard').
// The ground floor.
export { ConfigError, loadConfig, type Config, type Locale } from './bots/config';
export { createLogger, silentLogger, type Logger } from './bots/logger';
export { createStorage } from './bots/state/storageFactory';
export { createBot, type BotOptions } from './dialogs/createBot';
export type { StoredKind } from './bots/state/storedKinds';
export { MemoryStore } from './bots/state/memoryStore';
export type { ManagedStorage } from './bots/state/types';
export { StateProperty } from './bots/state/turnState';
export { turnLocale } from './bots/pipeline/locale';
export { BackendError } from './bots/backendError';
export { guarded, jsonBody, sendError, type JsonRequest } from './bots/http/handlers';
export { bearerTokenOf, sameSecret } from './bots/http/secrets';
// Dialogs: the registry, texts, prompts, and the services a shop replaces with its own.
export { DIALOG_MODULES, type DialogServices, type ShopServices } from './dialogs';
export type { DialogDeps, DialogModule, DialogStart, IntentExamples, RouteRequest } from './dialogs/registry';
export { registerTexts, t } from './dialogs/locales';
export { ChoicePrompt, ConfirmPrompt, DateTimePrompt, EmailPrompt, NumberPrompt, PhonePrompt } from './dialogs/prompts';
export { JsonFaqService, type FaqEntry, type FaqService, type KnowledgeBaseFile } from './dialogs/faq/faqService';
export { SAMPLE_CATALOG, StoredBookingService, type StoredBookingOptions, SlotTakenError, type Availability, type Booking, type BookingCatalog, type BookingRequest, type BookingService, type Service, type Store } from './dialogs/booking/bookingService';
export { CalDavBookingService, type CalDavBookingOptions } from './dialogs/booking/caldavBookingService';
export { ReturnRefusedError, SampleReturnService, type Eligibility, type Order, type OrderItem, type ReturnPolicy, type ReturnRequest, type ReturnService } from './dialogs/returns/returnService';
export { HttpOrderService, type HttpOrderServiceOptions } from './dialogs/returns/httpOrderService';
// Bot Framework's building blocks a dialog is made of, so an app imports one package (and the
// botbuilder imports stay countable: docs/extending.md lists where they are).
export { ComponentDialog, TextPrompt, WaterfallDialog, type Dialog, type DialogTurnResult, type FoundChoice, type PromptValidatorContext, type WaterfallStepContext } from './bots/botFramework';
export { CardFactory, MessageFactory, type Activity, type TurnContext } from './bots/botFramework';
// Channels: the contract, the kit and the channels this package has.
export { ANY_BOT_FRAMEWORK_CHANNEL, type ChannelCapabilities, type ChannelDeps, type ChannelFactory, type ChannelModule, type TurnLogic } from './channels/channel';
export { ChannelAdapter } from './channels/shared/channelAdapter';
export { numberedOptions, selectedOption, withNumberedFallback, type NumberedOptions } from './channels/shared/numberedOptions';
export { withSenderLine } from './channels/shared/senderLine';
export { ProactiveTurns, type Delivery, type ProactiveLogic } from './channels/shared/proactiveTurns';
export { channelFactories } from './channels/registry';
// Jobs for later (a dialog folder's `jobs`, DialogDeps.scheduler): what a folder files and how its turn speaks.
export { PermanentJobError, type Job, type JobDecision, type JobScheduling, type SchedulerTuning } from './bots/scheduler';
export type { JobTurn, JobTurnResult, JobTurnTools } from './dialogs/jobTurns';
