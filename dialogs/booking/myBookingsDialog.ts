import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { formatWhen } from './formatWhen';
import { turnLocale } from '../../bots/pipeline/locale';
import type { CustomerDirectory } from '../customers/customerDirectory';
import { customerKeyFor } from '../../bots/state/stateKeys';
import { t } from '../locales';
import { ChoicePrompt, ConfirmPrompt, provenYes } from '../prompts';
import { BOOKING_DIALOG, type BookingOptions } from './bookingDialog';
import { readBookingCode } from './bookingCode';
import { contactsIn } from './bookingContact';
import type { Booking, BookingService } from './bookingService';
import type { BookingReminders } from './reminders';
import { readBookingSlots } from './bookingRequest';
import { FIND_BOOKING_DIALOG, FindBookingDialog, type FindBookingOptions, type NewBookingRequest } from './findBookingDialog';
import './texts';

export const MY_BOOKINGS_DIALOG = 'myBookingsDialog';
const ACTION = 'myBookings.action';
const WHICH = 'myBookings.which';
const SURE = 'myBookings.sure';

/** Started for one booking and what to do with it (a reminder's "move" or "cancel"). */
export interface ManageOptions {
  code: string;
  action: 'cancel' | 'move';
  /** The words that asked for it ("can't make it, wednesday at 3 instead?"): a move reads the new time from them. */
  request?: string;
}

interface Values {
  bookings: Booking[];
  action: 'cancel' | 'move';
  chosen?: Booking;
  /** The booking and the action came with the start: no list, no "what would you like to do?". */
  preset?: boolean;
  request?: string;
}

/**
 * "My bookings": lists the customer's appointments and cancels or moves one. A booking made in
 * another conversation or channel is found by its code and contact (FindBookingDialog) and then
 * handled the same way; it stays its maker's, so their own "my bookings" shows the change.
 */
export class MyBookingsDialog extends ComponentDialog {
  constructor(
    private readonly bookings: BookingService,
    private readonly timeZone: string,
    private readonly defaultLocale: Locale,
    clock: () => Date = () => new Date(),
    private readonly reminders?: BookingReminders,
    /** Every channel identity proven to be the same customer: their bookings are this customer's too. */
    private readonly customers?: Pick<CustomerDirectory, 'linkedIdentities'>,
  ) {
    super(MY_BOOKINGS_DIALOG);
    const sources = () => ({ services: bookings.services(), stores: bookings.stores(), timeZone, now: clock() });
    this.addDialog(new FindBookingDialog(bookings, defaultLocale, clock, (text, locale) => Object.keys(readBookingSlots(text, locale, sources())).length > 0));
    for (const id of [ACTION, WHICH]) {
      const prompt = new ChoicePrompt(id);
      this.addDialog(prompt);
    }
    // Another identity's booking (a linked channel's, or one found by code) is cancelled only on a proven yes.
    this.addDialog(new ConfirmPrompt(SURE, provenYes((prompt) => (prompt.options.validations as { foreign?: boolean } | undefined)?.foreign === true)));
    this.addDialog(new WaterfallDialog(`${MY_BOOKINGS_DIALOG}.steps`, [this.gather.bind(this), this.list.bind(this), this.which.bind(this), this.act.bind(this), this.finish.bind(this)]));
    this.initialDialogId = `${MY_BOOKINGS_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  private values(step: WaterfallStepContext): Values {
    return step.values as Values;
  }

  private describe(booking: Booking, locale: Locale): string {
    const service = this.bookings.services().find((s) => s.id === booking.serviceId)?.names[locale] ?? booking.serviceId;
    const store = this.bookings.stores().find((s) => s.id === booking.storeId)?.name ?? booking.storeId;
    return t(locale, 'booking.manage.item', { code: booking.code, service, when: this.when(booking.start, locale), store });
  }

  private when(start: string, locale: Locale): string {
    return formatWhen(start, locale, this.timeZone);
  }

  /**
   * The customer's own bookings; a booking code in the message ("cancel booking K7P3QX") that is
   * not one of them, or no bookings of their own, asks for the code and contact instead.
   */
  private async gather(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const preset = step.options as Partial<ManageOptions> | undefined;
    if (preset?.code && preset.action) {
      const booking = await this.bookings.find(preset.code);
      if (!booking) {
        await step.context.sendActivity(t(this.locale(step), 'booking.reminder.gone'));
        return step.endDialog();
      }
      Object.assign(this.values(step), { action: preset.action, preset: true, ...(preset.request ? { request: preset.request } : {}) });
      return step.next([booking]);
    }
    const text = step.context.activity.text ?? '';
    const own = await this.ownBookings(customerKeyFor(step.context));
    const code = readBookingCode(text);
    const named = code ? own.filter((b) => b.code === code) : own;
    if (named.length > 0) return step.next(named);
    const contacts = contactsIn(text, this.locale(step));
    return step.beginDialog(FIND_BOOKING_DIALOG, { ...(code ? { code } : {}), ...(contacts.length > 0 ? { contacts } : {}) } satisfies FindBookingOptions);
  }

  /** The bookings of every identity linked to this one (dialogs/customers), soonest first. */
  private async ownBookings(identity: string): Promise<Booking[]> {
    const identities = this.customers ? await this.customers.linkedIdentities(identity) : [identity];
    const lists = await Promise.all(identities.map((key) => this.bookings.list(key)));
    return lists.flat().sort((a, b) => a.start.localeCompare(b.start));
  }

  private async list(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const result = step.result as Booking[] | Booking | NewBookingRequest | undefined;
    if (!result) return step.endDialog();
    // In place of this dialog on MainDialog's stack, so the booking runs as one started there does.
    if ('request' in result) return (step.parent ?? step).replaceDialog(BOOKING_DIALOG, { request: result.request } satisfies BookingOptions);
    const bookings = Array.isArray(result) ? result : [result];
    const values = this.values(step);
    values.bookings = bookings;
    if (values.preset) return step.next({ index: values.action === 'cancel' ? 0 : 1 });
    const intro = Array.isArray(result) ? 'booking.manage.intro' : 'booking.find.found';
    await step.context.sendActivity([t(locale, intro), ...bookings.map((b) => `• ${this.describe(b, locale)}`)].join('\n'));
    return step.prompt(ACTION, {
      prompt: t(locale, 'booking.manage.what'),
      choices: [t(locale, 'booking.manage.cancel'), t(locale, 'booking.manage.move'), t(locale, 'booking.manage.done')],
    });
  }

  private async which(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const index = (step.result as FoundChoice).index;
    if (index === 2) return step.endDialog();
    const values = this.values(step);
    values.action = index === 0 ? 'cancel' : 'move';
    if (values.bookings.length === 1) return step.next({ index: 0 });
    return step.prompt(WHICH, { prompt: t(this.locale(step), 'booking.manage.which'), choices: values.bookings.map((b) => b.code) });
  }

  private async act(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const values = this.values(step);
    const chosen = values.bookings[(step.result as { index: number }).index];
    if (!chosen) return step.endDialog();
    values.chosen = chosen;
    if (values.action === 'move') {
      // The new booking reuses everything but the time; the old one is cancelled once it exists.
      const kept = { serviceId: chosen.serviceId, storeId: chosen.storeId, name: chosen.name, contact: chosen.contact, customerKey: chosen.customerKey };
      return step.beginDialog(BOOKING_DIALOG, { ...kept, ...(values.request ? { request: values.request } : {}) } satisfies BookingOptions);
    }
    return step.prompt(SURE, {
      prompt: t(locale, 'booking.manage.confirmCancel', { code: chosen.code, when: this.when(chosen.start, locale) }),
      validations: { foreign: chosen.customerKey !== customerKeyFor(step.context) },
    });
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const { action, chosen } = this.values(step);
    if (!chosen) return step.endDialog();
    // The booking's own customer, not this conversation's: a booking found by its code stays theirs.
    const customer = chosen.customerKey;
    if (action === 'move') {
      if (step.result) {
        if (await this.bookings.cancel(chosen.code, customer)) await this.reminders?.drop(chosen.code);
        await step.context.sendActivity(t(locale, 'booking.manage.moved', { code: chosen.code }));
      }
      return step.endDialog();
    }
    if (step.result === true && (await this.bookings.cancel(chosen.code, customer))) {
      await this.reminders?.drop(chosen.code);
      await step.context.sendActivity(t(locale, 'booking.manage.cancelled', { code: chosen.code }));
    } else {
      await step.context.sendActivity(t(locale, 'booking.manage.kept'));
    }
    return step.endDialog();
  }
}
