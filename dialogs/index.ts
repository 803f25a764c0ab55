import type { Config } from '../bots/config';
import type { ManagedStorage } from '../bots/state/types';
import { BookingDialog } from './booking/bookingDialog';
import { ReturnsDialog } from './returns/returnsDialog';
import { SampleReturnService, type ReturnService } from './returns/returnService';
import { MyBookingsDialog } from './booking/myBookingsDialog';
import { StoredBookingService, type BookingService } from './booking/bookingService';
import { JsonFaqService, type FaqService } from './faq/faqService';
import { MainDialog } from './mainDialog';
import { KeywordRecognizer } from './nlu/keywordRecognizer';
import { NluRecognizer } from './nlu/recognizer';

export interface Dialogs {
  mainDialog: MainDialog;
  nlu: NluRecognizer;
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
  const mainDialog = new MainDialog({
    commands: new KeywordRecognizer(),
    understanding: nlu,
    faq,
    dialogs: [
      new BookingDialog(bookings, config.env.TIMEZONE, config.defaultLocale, services.clock),
      new MyBookingsDialog(bookings, config.env.TIMEZONE, config.defaultLocale),
      new ReturnsDialog(returns, faq, config.defaultLocale),
    ],
    supportedLocales: config.supportedLocales,
    defaultLocale: config.defaultLocale,
  });
  return { mainDialog, nlu };
}
