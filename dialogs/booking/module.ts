import type { DialogModule } from '../registry';
import { BOOKING_DIALOG, BookingDialog } from './bookingDialog';
import { wantsExistingBookings } from './bookingRequest';
import examples from './examples.json';
import { MY_BOOKINGS_DIALOG, MyBookingsDialog } from './myBookingsDialog';
import { ReminderDialog } from './reminderDialog';
import { BookingReminders, REMINDER_JOB, reminderTurn } from './reminders';

/** Appointments: a new booking, the customer's own bookings to see, move or cancel, and reminders before them. */
export const bookingModule: DialogModule = {
  name: 'booking',
  intents: examples,
  build: ({ bookings, config, clock, scheduler, followers, customers }) => {
    const reminders = new BookingReminders(scheduler, config.env.REMINDER_OFFSETS, config.env.TIMEZONE);
    return [
      new BookingDialog(bookings, config.env.TIMEZONE, config.defaultLocale, clock, reminders, followers),
      new MyBookingsDialog(bookings, config.env.TIMEZONE, config.defaultLocale, clock, reminders, customers),
      new ReminderDialog(bookings, config.env.TIMEZONE, config.defaultLocale),
    ];
  },
  jobs: ({ bookings, config }) => ({ [REMINDER_JOB]: reminderTurn(bookings, config.env.TIMEZONE, config.env.REMINDER_OFFSETS) }),
  route: ({ text, locale }) => ({ dialogId: wantsExistingBookings(text, locale) ? MY_BOOKINGS_DIALOG : BOOKING_DIALOG }),
  tasks: [BOOKING_DIALOG],
  menuEntry: 'menu.booking',
  helpEntry: 'booking.help',
};
