import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Locale } from '../../bots/config';
import { formatWhen } from './formatWhen';
import { turnLocale } from '../../bots/pipeline/locale';
import { customerKeyFor } from '../../bots/state/stateKeys';
import { t } from '../locales';
import { ChoicePrompt, ConfirmPrompt } from '../prompts';
import { BOOKING_DIALOG } from './bookingDialog';
import type { Booking, BookingService } from './bookingService';

export const MY_BOOKINGS_DIALOG = 'myBookingsDialog';
const ACTION = 'myBookings.action';
const WHICH = 'myBookings.which';
const SURE = 'myBookings.sure';

interface Values {
  bookings: Booking[];
  action: 'cancel' | 'move';
  chosen?: Booking;
}

/** "My bookings": lists the customer's appointments and cancels or moves one. */
export class MyBookingsDialog extends ComponentDialog {
  constructor(
    private readonly bookings: BookingService,
    private readonly timeZone: string,
    private readonly defaultLocale: Locale,
  ) {
    super(MY_BOOKINGS_DIALOG);
    for (const id of [ACTION, WHICH]) {
      const prompt = new ChoicePrompt(id);
      this.addDialog(prompt);
    }
    this.addDialog(new ConfirmPrompt(SURE));
    this.addDialog(new WaterfallDialog(`${MY_BOOKINGS_DIALOG}.steps`, [this.list.bind(this), this.which.bind(this), this.act.bind(this), this.finish.bind(this)]));
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

  private async list(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const bookings = await this.bookings.list(customerKeyFor(step.context));
    if (bookings.length === 0) {
      await step.context.sendActivity(t(locale, 'booking.none'));
      return step.endDialog();
    }
    this.values(step).bookings = bookings;
    await step.context.sendActivity([t(locale, 'booking.manage.intro'), ...bookings.map((b) => `• ${this.describe(b, locale)}`)].join('\n'));
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
      return step.beginDialog(BOOKING_DIALOG, { serviceId: chosen.serviceId, storeId: chosen.storeId, name: chosen.name, contact: chosen.contact });
    }
    return step.prompt(SURE, { prompt: t(locale, 'booking.manage.confirmCancel', { code: chosen.code, when: this.when(chosen.start, locale) }) });
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const { action, chosen } = this.values(step);
    if (!chosen) return step.endDialog();
    const customer = customerKeyFor(step.context);
    if (action === 'move') {
      if (step.result) {
        await this.bookings.cancel(chosen.code, customer);
        await step.context.sendActivity(t(locale, 'booking.manage.moved', { code: chosen.code }));
      }
      return step.endDialog();
    }
    if (step.result === true && (await this.bookings.cancel(chosen.code, customer))) {
      await step.context.sendActivity(t(locale, 'booking.manage.cancelled', { code: chosen.code }));
    } else {
      await step.context.sendActivity(t(locale, 'booking.manage.kept'));
    }
    return step.endDialog();
  }
}
