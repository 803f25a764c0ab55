import type { Config } from '../bots/config';
import type { ManagedStorage } from '../bots/state/types';
import { BookingDialog } from './booking/bookingDialog';
import { ReturnsDialog } from './returns/returnsDialog';
import { SampleReturnService, type ReturnService } from './returns/returnService';
import { MyBookingsDialog } from './booking/myBookingsDialog';
import { StoredBookingService, type BookingService } from './booking/bookingService';
import { JsonFaqService, type FaqService } from './faq/faqService';
import { BusinessHours } from './handover/businessHours';
import { HandoverDialog } from './handover/handoverDialog';
import { HandoverQueue } from './handover/handoverQueue';
import { RatingDialog } from './handover/ratingDialog';
import { MainDialog } from './mainDialog';
import { KeywordRecognizer } from './nlu/keywordRecognizer';
import { NluRecognizer } from './nlu/recognizer';

export interface Dialogs {
  mainDialog: MainDialog;
  nlu: NluRecognizer;
  /** The handover queue; undefined when no agents are configured (INBOX_AGENTS). */
  handoverQueue: HandoverQueue | undefined;
  bookings: BookingService;
  returns: ReturnService;
}

/** The dialogs with their services; a shop passes its own services to use its own data. */
export interface DialogServices {
  faq?: FaqService;
  bookings?: BookingService;
  returns?: ReturnService;
  /** The current time, for tests with a fixed date. */
  clock?: () => Date;
}

export function createDialogs(config: Config, storage: ManagedStorage, services: DialogServices = {}): Dialogs {
  const faq = services.faq ?? new JsonFaqService();
  const returns = services.returns ?? new SampleReturnService(storage, config.env.TIMEZONE, services.clock);
  const bookings = services.bookings ?? new StoredBookingService(storage, config.env.TIMEZONE, services.clock);
  const nlu = new NluRecognizer(faq, config.supportedLocales, config.defaultLocale);
  const clock = services.clock ?? (() => new Date());
  const handoverQueue = config.env.INBOX_AGENTS.length > 0 ? new HandoverQueue(storage, clock) : undefined;
  const handoverDialogs = handoverQueue
    ? [
        new HandoverDialog({
          queue: handoverQueue,
          hours: new BusinessHours(config.env.BUSINESS_HOURS, config.env.TIMEZONE),
          hoursText: config.env.BUSINESS_HOURS,
          claimTimeoutMinutes: config.env.HANDOVER_CLAIM_TIMEOUT_MINUTES,
          defaultLocale: config.defaultLocale,
          clock,
        }),
        new RatingDialog(handoverQueue, config.defaultLocale),
      ]
    : [];
  const mainDialog = new MainDialog({
    commands: new KeywordRecognizer(),
    understanding: nlu,
    faq,
    dialogs: [
      new BookingDialog(bookings, config.env.TIMEZONE, config.defaultLocale, services.clock),
      new MyBookingsDialog(bookings, config.env.TIMEZONE, config.defaultLocale),
      new ReturnsDialog(returns, faq, config.defaultLocale),
      ...handoverDialogs,
    ],
    handover: handoverQueue !== undefined,
    timeZone: config.env.TIMEZONE,
    clock,
    supportedLocales: config.supportedLocales,
    defaultLocale: config.defaultLocale,
  });
  return { mainDialog, nlu, handoverQueue, bookings, returns };
}
