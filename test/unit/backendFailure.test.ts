import { ActivityTypes, type Activity } from 'botbuilder';
import { BackendError } from '../../bots/backendError';
import { MemoryStore } from '../../bots/state/memoryStore';
import { StoredBookingService, type BookingService } from '../../dialogs/booking/bookingService';
import { templates } from '../../dialogs/locales';
import { botUnderTest } from '../support/bot';

// Sunday 22 November 2026, 10:00 in Berlin: "tomorrow at 10" is a Monday with the stores open.
const clock = () => new Date('2026-11-22T09:00:00Z');
const say = (text: string, locale: string): Partial<Activity> => ({ type: ActivityTypes.Message, text, locale });

/** The shop's calendar, which stops answering while `down` (as a CalDAV server behind a dead VPN would). */
function flakyCalendar(storage: MemoryStore): BookingService & { down: boolean } {
  const calendar = new StoredBookingService(storage, 'Europe/Berlin', clock);
  const flaky = {
    down: false,
    stores: () => calendar.stores(),
    services: () => calendar.services(),
    availability: async (...args: Parameters<BookingService['availability']>) => {
      if (flaky.down) throw new BackendError('calendar', 'ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.7:5232');
      return calendar.availability(...args);
    },
    book: (request: Parameters<BookingService['book']>[0]) => calendar.book(request),
    list: (key: string) => calendar.list(key),
    find: (code: string) => calendar.find(code),
    cancel: (code: string, key: string) => calendar.cancel(code, key),
  };
  return flaky;
}

const conversations = {
  en: { start: 'hi, id like a consultation in krakow', time: 'tomorrow at 10' },
  de: { start: 'hallo, ich haette gern eine beratung in krakau', time: 'morgen um 10' },
  pl: { start: 'dzien dobry, chcialabym konsultacje w krakowie', time: 'jutro o 10' },
} as const;

describe('a shop backend that fails mid-dialog', () => {
  for (const locale of ['en', 'de', 'pl'] as const) {
    it(`${locale}: the customer is asked to try again later (no stack trace), and the same answer works once it is back`, async () => {
      const storage = new MemoryStore();
      const bookings = flakyCalendar(storage);
      const { adapter } = botUnderTest({ clock, storage, services: { bookings } });
      const texts = templates[locale];
      const { start, time } = conversations[locale];
      await adapter.send(say(start, locale)).assertReply(texts.booking.askTime).startTest();
      bookings.down = true;
      await adapter.send(say(time, locale)).assertReply(texts.error.backend).startTest();
      bookings.down = false;
      // The step was kept: the same answer goes on where the customer was.
      await adapter.send(say(time, locale)).assertReply(texts.booking.askName).startTest();
    });
  }
});
