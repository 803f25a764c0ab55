import { MessageFactory, type TurnContext, ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { StateProperty } from '../../bots/state/turnState';
import { t, type TemplateKey } from '../locales';
import { readBookingCode } from './bookingCode';
import { contactsIn, isBookingContact } from './bookingContact';
import type { Booking, BookingService } from './bookingService';
import './texts';

export const FIND_BOOKING_DIALOG = 'findBookingDialog';
const STEPS = `${FIND_BOOKING_DIALOG}.steps`;
const ANSWER = 'findBooking.answer';

/** Failed lookups a customer may make within LOOKUP_WINDOW_MS: enough for typos, far too few to guess a code. */
export const MAX_FAILED_LOOKUPS = 5;
export const LOOKUP_WINDOW_MS = 60 * 60 * 1000;
/** Unreadable answers in a row after which the dialog stops asking and points to a person. */
const GIVE_UP_AFTER = 3;

/**
 * When the failed lookups happened, in the customer's own state (saved with the turn on whichever
 * store runs), so the limit holds across turns, restarts and instances without a store of its own.
 */
const failedLookups = new StateProperty<string[]>('user', 'bookingLookupFailures');

/** How the dialog ends when, instead of a code, the customer asks for a new booking. */
export interface NewBookingRequest {
  request: string;
}

/** What the customer has said so far; the dialog asks for what is missing. */
export interface FindBookingOptions {
  code?: string;
  /** The e-mail or phone readings of what they typed (see contactsIn). */
  contacts?: string[];
  /** The last lookup matched nothing: the next answer may bring a new code, a new contact or both. */
  failed?: boolean;
}

type Wanted = 'code' | 'contact' | 'either';

const QUESTION: Record<Wanted, { prompt: TemplateKey; retry: TemplateKey }> = {
  code: { prompt: 'booking.find.askCode', retry: 'booking.find.codeRetry' },
  contact: { prompt: 'booking.find.askContact', retry: 'booking.find.contactRetry' },
  either: { prompt: 'booking.find.notFound', retry: 'booking.find.eitherRetry' },
};

interface Values extends FindBookingOptions {
  wanted?: Wanted;
}

interface Said {
  code: string | undefined;
  contacts: string[];
}

function enough(wanted: Wanted, said: Said): boolean {
  if (wanted === 'code') return said.code !== undefined;
  if (wanted === 'contact') return said.contacts.length > 0;
  return said.code !== undefined || said.contacts.length > 0;
}

/**
 * Finds a booking made in another conversation or channel: by its code and the e-mail or phone
 * it was made with, both read from any message. A wrong code and a wrong contact get the same
 * answer, and failed lookups are limited per customer, so codes cannot be guessed or confirmed.
 * Ends with the booking, or with nothing when it was not found.
 */
export class FindBookingDialog extends ComponentDialog {
  /**
   * @param asksForBooking whether a message is a request for a new appointment ("then book me a
   *   repair drop-off"): at the code question the dialog then ends with a NewBookingRequest.
   */
  constructor(
    private readonly bookings: BookingService,
    private readonly defaultLocale: Locale,
    private readonly clock: () => Date = () => new Date(),
    private readonly asksForBooking: (text: string, locale: Locale) => boolean = () => false,
  ) {
    super(FIND_BOOKING_DIALOG);
    this.addDialog(new TextPrompt(ANSWER, async (p) => this.readable(p)));
    this.addDialog(new WaterfallDialog(STEPS, [this.ask.bind(this), this.read.bind(this), this.lookUp.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private locale(context: TurnContext): Locale {
    return turnLocale(context, this.defaultLocale);
  }

  private async ask(step: WaterfallStepContext<FindBookingOptions>): Promise<DialogTurnResult> {
    const values = step.values as Values;
    Object.assign(values, step.options);
    const locale = this.locale(step.context);
    if ((await this.recentFailures(step.context)).length >= MAX_FAILED_LOOKUPS) return this.stop(step, 'booking.find.tooMany');
    if (values.code && values.contacts?.length && !values.failed) return step.next();
    values.wanted = values.failed ? 'either' : values.code ? 'contact' : 'code';
    const question = QUESTION[values.wanted];
    return step.prompt(ANSWER, { prompt: t(locale, question.prompt), retryPrompt: t(locale, question.retry), validations: { wanted: values.wanted } });
  }

  /** Takes what the answer names; asks again for what is still missing. */
  private async read(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    if (values.wanted) {
      const said = this.said(step.context, values.wanted);
      if (!enough(values.wanted, said) && this.newRequest(step.context, values.wanted)) return step.endDialog({ request: step.context.activity.text ?? '' } satisfies NewBookingRequest);
      // Only after GIVE_UP_AFTER unreadable answers does the prompt let one through.
      if (!enough(values.wanted, said)) return this.stop(step, 'booking.find.giveUp');
      if (said.code) values.code = said.code;
      if (said.contacts.length > 0) values.contacts = said.contacts;
    }
    if (!values.code || !values.contacts?.length) return step.replaceDialog(STEPS, { code: values.code, contacts: values.contacts } satisfies FindBookingOptions);
    return step.next();
  }

  private async lookUp(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { code, contacts } = step.values as Values;
    const booking: Booking | undefined = code ? await this.bookings.find(code) : undefined;
    // The same answer whichever of the two was wrong: the customer learns nothing about either.
    if (booking && isBookingContact(booking.contact, contacts ?? [])) return step.endDialog(booking);
    const failures = [...(await this.recentFailures(step.context)), this.clock().toISOString()];
    await failedLookups.set(step.context, failures);
    if (failures.length >= MAX_FAILED_LOOKUPS) return this.stop(step, 'booking.find.tooMany');
    return step.replaceDialog(STEPS, { ...(code ? { code } : {}), ...(contacts ? { contacts } : {}), failed: true } satisfies FindBookingOptions);
  }

  /** Ends without a booking, offering a person (the button is the menu's, which MainDialog hands over on). */
  private async stop(step: WaterfallStepContext, key: TemplateKey): Promise<DialogTurnResult> {
    const locale = this.locale(step.context);
    await step.context.sendActivity(MessageFactory.suggestedActions([t(locale, 'menu.person')], t(locale, key)));
    return step.endDialog();
  }

  private said(context: TurnContext, wanted: Wanted): Said {
    const text = context.activity.text ?? '';
    // At the contact question a code counts only as it would in any sentence: a six-letter word there is not one.
    return { code: readBookingCode(text, { expecting: wanted !== 'contact' }), contacts: contactsIn(text, this.locale(context)) };
  }

  private async readable(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const wanted = (prompt.options.validations as { wanted?: Wanted } | undefined)?.wanted ?? 'code';
    // After a few tries the read step says how else to get help rather than asking forever.
    return enough(wanted, this.said(prompt.context, wanted)) || this.newRequest(prompt.context, wanted) || prompt.attemptCount >= GIVE_UP_AFTER;
  }

  /** A new booking asked for where a code was ("ok dann buch mir eine reparaturannahme"); at the contact question it is an answer gone wrong. */
  private newRequest(context: TurnContext, wanted: Wanted): boolean {
    return wanted !== 'contact' && this.asksForBooking(context.activity.text ?? '', this.locale(context));
  }

  private async recentFailures(context: TurnContext): Promise<string[]> {
    const since = this.clock().getTime() - LOOKUP_WINDOW_MS;
    const recent = (await failedLookups.get(context, [])).filter((at) => Date.parse(at) > since);
    await failedLookups.set(context, recent);
    return recent;
  }
}
