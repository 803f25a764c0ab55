import type { DialogModule } from '../registry';
import { BOOKING_DIALOG, BookingDialog } from './bookingDialog';
import { wantsExistingBookings } from './bookingRequest';
import examples from './examples.json';
import { MY_BOOKINGS_DIALOG, MyBookingsDialog } from './myBookingsDialog';

/** Appointments: a new booking, or the customer's own bookings to see, move or cancel. */
export const bookingModule: DialogModule = {
  name: 'booking',
  intents: examples,
  build: ({ bookings, config, clock }) => [
    new BookingDialog(bookings, config.env.TIMEZONE, config.defaultLocale, clock),
    new MyBookingsDialog(bookings, config.env.TIMEZONE, config.defaultLocale, clock),
  ],
  route: ({ text, locale }) => ({ dialogId: wantsExistingBookings(text, locale) ? MY_BOOKINGS_DIALOG : BOOKING_DIALOG }),
  tasks: [BOOKING_DIALOG],
  menuEntry: 'menu.booking',
  helpEntry: 'booking.help',
};
