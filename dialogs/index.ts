import type { Config } from '../bots/config';
import { MailerSlot } from '../bots/directMail';
import type { JobScheduling } from '../bots/scheduler';
import type { ManagedStorage } from '../bots/state/types';
import { bookingModule } from './booking/module';
import { StoredBookingService, type BookingService } from './booking/bookingService';
import { CalDavBookingService } from './booking/caldavBookingService';
import { faqModule } from './faq/module';
import { BOT_STORED_KINDS, type StoredKind } from '../bots/state/storedKinds';
import { PersonalData } from './customers/personalData';
import { DIALOG_STORED_KINDS } from './storedKinds';
import { JsonFaqService, type FaqService } from './faq/faqService';
import { RetentionAwareFaq } from './faq/retentionAnswer';
import { retentionDaysOf } from '../bots/state/retentionDays';
import { EventFollowers } from './eventFollowers';
import { OptOutReplies } from './optOutReplies';
import { OptOuts } from './optOuts';
import { CustomerDirectory } from './customers/customerDirectory';
import { HandoverQueue } from './handover/handoverQueue';
import type { JobTurn } from './jobTurns';
import { handoverModule } from './handover/module';
import { MainDialog } from './mainDialog';
import { KeywordRecognizer } from './nlu/keywordRecognizer';
import { NluRecognizer } from './nlu/recognizer';
import { DialogRegistry, type DialogModule } from './registry';
import { linkingModule } from './linking/module';
import { privacyModule } from './privacy/module';
import { returnsModule } from './returns/module';
import { shopEventsModule } from './shopEvents/module';
import { trackingModule } from './tracking/module';
import { SHOP_EVENT_JOB } from './shopEvents/eventTurn';
import { ShopEvents } from './shopEvents/shopEvents';
import { HttpOrderService } from './returns/httpOrderService';
import { SampleReturnService, type ReturnService } from './returns/returnService';

/** The dialogs MainDialog routes to: one line per dialog folder (see dialogs/registry.ts). */
export const DIALOG_MODULES: readonly DialogModule[] = [
  faqModule,
  bookingModule,
  returnsModule,
  trackingModule,
  handoverModule,
  shopEventsModule,
  privacyModule,
  linkingModule,
];

export interface Dialogs {
  mainDialog: MainDialog;
  nlu: NluRecognizer;
  registry: DialogRegistry;
  /** The handover queue; undefined when no agents are configured (INBOX_AGENTS). */
  handoverQueue: HandoverQueue | undefined;
  bookings: BookingService;
  returns: ReturnService;
  /** Where an order, booking or vouched-for address was dealt with, for the shop's events. */
  followers: EventFollowers;
  /** Customers' opt-outs of the bot's own messages (reminders, order updates, marketing). */
  optOuts: OptOuts;
  /** One record per person across channels (dialogs/customers). */
  customers: CustomerDirectory;
  /** A customer's data across the store: export and erase (GDPR). */
  personalData: PersonalData;
  /** Shop events in (POST /api/events); undefined without a scheduler or without the shopEvents folder. */
  shopEvents: ShopEvents | undefined;
  /** The turns scheduled jobs speak in, by kind (the app registers a scheduler handler for each). */
  jobTurns: ReadonlyMap<string, JobTurn>;
}

/** A shop's own data behind the dialogs; each one left out is the sample (data/ JSON and the bot's store). */
export interface ShopServices {
  faq?: FaqService;
  bookings?: BookingService;
  returns?: ReturnService;
}

/** The dialogs with their services; a shop passes its own services to use its own data. */
export interface DialogServices extends ShopServices {
  /** The dialog folders to serve; DIALOG_MODULES when unset (add yours with `[...DIALOG_MODULES, mine]`). */
  modules?: readonly DialogModule[];
  /** The current time, for tests with a fixed date. */
  clock?: () => Date;
  /** Where dialogs file jobs for later (reminders); none are filed without it. */
  scheduler?: JobScheduling;
  /** Mails outside conversations (verification codes); filled by the e-mail channel, empty without one. */
  mailer?: MailerSlot;
  /** Every kind of item the app keeps, for export and erase; the ground floor's and the dialogs' when unset. */
  storedKinds?: readonly StoredKind[];
}

/** The shop's CalDAV calendar when CALDAV_URL names one, else the sample capacity kept in the bot's store. */
function bookingsFromConfig(config: Config, storage: ManagedStorage, clock: (() => Date) | undefined): BookingService {
  const { CALDAV_URL: serverUrl, CALDAV_CALENDAR_URL: calendarUrl, CALDAV_USERNAME: username, CALDAV_PASSWORD: password, TIMEZONE: timeZone } = config.env;
  if (serverUrl && username && password) {
    return new CalDavBookingService({ serverUrl, username, password, timeZone, locale: config.defaultLocale, ...(calendarUrl ? { calendarUrl } : {}), ...(clock ? { now: clock } : {}) });
  }
  return new StoredBookingService(storage, timeZone, clock);
}

/** The shop's order system when ORDERS_API_URL names one (docs/orders-api.yaml), else the sample orders. */
function returnsFromConfig(config: Config, storage: ManagedStorage, clock: (() => Date) | undefined): ReturnService {
  const { ORDERS_API_URL: baseUrl, ORDERS_API_TOKEN: token, TIMEZONE: timeZone } = config.env;
  if (baseUrl && token) return new HttpOrderService({ baseUrl, token, storage, timeZone, ...(clock ? { clock } : {}) });
  return new SampleReturnService(storage, timeZone, clock);
}

export function createDialogs(config: Config, storage: ManagedStorage, services: DialogServices = {}): Dialogs {
  const clock = services.clock ?? (() => new Date());
  const faq = new RetentionAwareFaq(services.faq ?? new JsonFaqService(), retentionDaysOf(config.env));
  const returns = services.returns ?? returnsFromConfig(config, storage, services.clock);
  const bookings = services.bookings ?? bookingsFromConfig(config, storage, services.clock);
  const registry = new DialogRegistry(services.modules ?? DIALOG_MODULES);
  const nlu = new NluRecognizer(faq, config.supportedLocales, config.defaultLocale, registry);
  const handoverQueue = config.env.INBOX_AGENTS.length > 0 ? new HandoverQueue(storage, clock) : undefined;
  const followers = new EventFollowers(storage, clock);
  const optOuts = new OptOuts(storage);
  const customers = new CustomerDirectory(storage, clock);
  const personalData = new PersonalData(storage, services.storedKinds ?? [...BOT_STORED_KINDS, ...DIALOG_STORED_KINDS], customers, clock);
  const deps = { config, storage, clock, faq, bookings, returns, handoverQueue, followers, optOuts, customers, personalData, mailer: services.mailer ?? new MailerSlot(), scheduler: services.scheduler };
  const mainDialog = new MainDialog({
    commands: new KeywordRecognizer(),
    understanding: nlu,
    faq,
    registry,
    dialogs: registry.build(deps),
    handover: handoverQueue !== undefined,
    timeZone: config.env.TIMEZONE,
    clock,
    supportedLocales: config.supportedLocales,
    defaultLocale: config.defaultLocale,
    optOuts: new OptOutReplies(optOuts, clock),
  });
  const jobTurns = registry.jobTurns(deps);
  const shopEvents = services.scheduler && jobTurns.has(SHOP_EVENT_JOB) ? new ShopEvents(followers, services.scheduler) : undefined;
  return { mainDialog, nlu, registry, handoverQueue, bookings, returns, followers, optOuts, customers, personalData, shopEvents, jobTurns };
}
