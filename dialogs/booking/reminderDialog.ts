import { ComponentDialog, WaterfallDialog, type Choice, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { t, type TemplateKey } from '../locales';
import { ChoicePrompt } from '../prompts';
import type { BookingService } from './bookingService';
import { formatWhen } from './formatWhen';
import { MY_BOOKINGS_DIALOG, type ManageOptions } from './myBookingsDialog';
import './texts';

export const REMINDER_DIALOG = 'bookingReminder';
const ANSWER = 'bookingReminder.answer';

export interface ReminderOptions {
  code: string;
}

const ACTIONS = ['keep', 'move', 'cancel'] as const;

/**
 * A booking reminder's question, started by the reminder job in the conversation the booking was
 * made in: the booking's details with "keep", "move", "cancel" as buttons that also take the
 * customer's own words. Moving and cancelling go on in "my bookings", for this booking.
 */
export class ReminderDialog extends ComponentDialog {
  constructor(
    private readonly bookings: BookingService,
    private readonly timeZone: string,
    private readonly defaultLocale: Locale,
  ) {
    super(REMINDER_DIALOG);
    this.addDialog(new ChoicePrompt(ANSWER));
    this.addDialog(new WaterfallDialog(`${REMINDER_DIALOG}.steps`, [this.remind.bind(this), this.answer.bind(this)]));
    this.initialDialogId = `${REMINDER_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  private async remind(step: WaterfallStepContext<ReminderOptions>): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const booking = await this.bookings.find(step.options.code);
    if (!booking) return step.endDialog();
    const service = this.bookings.services().find((s) => s.id === booking.serviceId)?.names[locale] ?? booking.serviceId;
    const store = this.bookings.stores().find((s) => s.id === booking.storeId);
    const text = t(locale, 'booking.reminder.text', { service, when: formatWhen(booking.start, locale, this.timeZone), store: store?.name ?? booking.storeId, address: store?.address ?? '', code: booking.code });
    const choices: Choice[] = ACTIONS.map((action) => ({
      value: action,
      action: { type: 'imBack', title: t(locale, `booking.reminder.${action}` as TemplateKey), value: t(locale, `booking.reminder.${action}` as TemplateKey) },
      synonyms: t(locale, `booking.reminder.${action}Words` as TemplateKey).split('|'),
    }));
    return step.prompt(ANSWER, { prompt: text, choices });
  }

  private async answer(step: WaterfallStepContext<ReminderOptions>): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    // Read again: the answer may come hours later, after a change made elsewhere.
    const booking = await this.bookings.find(step.options.code);
    if (!booking) {
      await step.context.sendActivity(t(locale, 'booking.reminder.gone'));
      return step.endDialog();
    }
    const action = ACTIONS[(step.result as FoundChoice).index] ?? 'keep';
    if (action === 'keep') {
      await step.context.sendActivity(t(locale, 'booking.reminder.kept', { when: formatWhen(booking.start, locale, this.timeZone) }));
      return step.endDialog();
    }
    // In place of this dialog on MainDialog's stack, as "my bookings" started there would run.
    const request = step.context.activity.text;
    return (step.parent ?? step).replaceDialog(MY_BOOKINGS_DIALOG, { code: booking.code, action, ...(request ? { request } : {}) } satisfies ManageOptions);
  }
}
