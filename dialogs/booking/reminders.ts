import { DateTime } from 'luxon';
import { TurnContext, type ConversationReference } from '../../bots/botFramework';
import type { ReminderOffset } from '../../bots/config';
import { PermanentJobError, type Job, type JobScheduling } from '../../bots/scheduler';
import type { JobTurn } from '../jobTurns';
import type { Booking, BookingService } from './bookingService';
import { REMINDER_DIALOG, type ReminderOptions } from './reminderDialog';

export const REMINDER_JOB = 'booking-reminder';

/** What a reminder job carries: the booking as it was when the reminder was filed, and where to say it. */
export interface ReminderPayload {
  [key: string]: unknown;
  code: string;
  /** The booking's start when filed: a booking moved since then is not this reminder's any more. */
  start: string;
  offsetMs: number;
  /** The conversation the booking was made in; the reminder goes there, on that channel. */
  reference: Partial<ConversationReference>;
}

export const reminderId = (code: string, offset: ReminderOffset) => `reminder/${code}/${offset.label}`;

/** A customer busy with the bot is asked again this much later. */
const BUSY_RETRY_MS = 10 * 60_000;
/** A reminder that could only come this close to the start any more is not sent. */
const TOO_LATE_MS = 15 * 60_000;

/** A stored start (shop time zone, wall clock) as ms since the epoch. */
export function startMillis(start: string, timeZone: string): number {
  return DateTime.fromFormat(start, "yyyy-MM-dd'T'HH:mm", { zone: timeZone }).toMillis();
}

/** Files and withdraws a booking's reminders (REMINDER_OFFSETS before its start). */
export class BookingReminders {
  constructor(
    private readonly scheduler: JobScheduling | undefined,
    private readonly offsets: readonly ReminderOffset[],
    private readonly timeZone: string,
  ) {}

  /** The reminders for `booking`, made in the conversation of `context`; those already past are left out. */
  async plan(booking: Booking, context: TurnContext): Promise<void> {
    if (!this.scheduler) return;
    const startAt = startMillis(booking.start, this.timeZone);
    const reference = TurnContext.getConversationReference(context.activity);
    for (const offset of this.offsets) {
      const dueAt = startAt - offset.ms;
      // A booking for this afternoon gets no "tomorrow" reminder.
      if (dueAt <= this.scheduler.now) continue;
      const payload: ReminderPayload = { code: booking.code, start: booking.start, offsetMs: offset.ms, reference };
      await this.scheduler.schedule({ id: reminderId(booking.code, offset), kind: REMINDER_JOB, dueAt, payload, subject: booking.customerKey, topic: 'reminders' });
    }
  }

  /** Withdraws the reminders of a cancelled (or moved: cancelled and booked anew) booking. */
  async drop(code: string): Promise<void> {
    if (!this.scheduler) return;
    for (const offset of this.offsets) await this.scheduler.cancel(reminderId(code, offset), 'booking_cancelled');
  }
}

function payloadOf(job: Job): ReminderPayload {
  const { code, start, offsetMs, reference } = job.payload;
  if (typeof code !== 'string' || typeof start !== 'string' || typeof offsetMs !== 'number' || typeof reference !== 'object' || reference === null) {
    throw new PermanentJobError(`reminderTurn(): job ${job.id} does not carry a booking reminder`);
  }
  return { code, start, offsetMs, reference };
}

/**
 * A due reminder's turn: the booking is read again (a cancelled, moved or past one is not
 * reminded of), an earlier reminder a later one has caught up with is dropped, and a customer in
 * the middle of something is asked again a little later. Otherwise the reminder's question
 * (keep, move, cancel) becomes the conversation's task.
 */
export function reminderTurn(bookings: BookingService, timeZone: string, offsets: readonly ReminderOffset[]): JobTurn {
  return async (job, _context, tools) => {
    const payload = payloadOf(job);
    const booking = await bookings.find(payload.code);
    if (!booking) return { skipped: 'booking_cancelled' };
    if (booking.start !== payload.start) return { skipped: 'booking_moved' };
    const startAt = startMillis(booking.start, timeZone);
    if (startAt <= tools.now) return { skipped: 'booking_passed' };
    // Sent late (the bot was down): the "2 hours before" one says it better now than "24 hours before".
    if (offsets.some((other) => other.ms < payload.offsetMs && startAt - other.ms <= tools.now)) return { skipped: 'superseded' };
    if (tools.busy) {
      const retryAt = tools.now + BUSY_RETRY_MS;
      return retryAt < startAt - TOO_LATE_MS ? { deferUntil: retryAt, reason: 'customer_busy' } : { skipped: 'customer_busy' };
    }
    await tools.start({ dialogId: REMINDER_DIALOG, options: { code: booking.code } satisfies ReminderOptions });
    return { sent: true };
  };
}
