import { CardFactory, MessageFactory } from 'botbuilder';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Locale } from '../../bots/config';
import { formatWhen } from './formatWhen';
import { turnLocale } from '../../bots/pipeline/locale';
import { customerKeyFor } from '../../bots/state/stateKeys';
import { customerName } from '../customerProfile';
import { t } from '../locales';
import { ChoicePrompt, ConfirmPrompt, DateTimePrompt, recognizeEmail, recognizePhone, type RecognizedDateTime } from '../prompts';
import { SlotTakenError, type BookingService } from './bookingService';

export const BOOKING_DIALOG = 'bookingDialog';
const SERVICE = 'booking.service';
const STORE = 'booking.store';
const WHEN = 'booking.when';
const ALTERNATIVE = 'booking.alternative';
const NAME = 'booking.name';
const CONTACT = 'booking.contact';
const CONFIRM = 'booking.confirm';
const TIME_LOOP = 'booking.timeLoop';

interface Draft {
  serviceId?: string;
  storeId?: string;
  start?: string;
  alternatives?: string[];
  name?: string;
  contact?: string;
}

/** Books an appointment: service, store, time (with free alternatives), name, contact, confirmation. */
export class BookingDialog extends ComponentDialog {
  constructor(
    private readonly bookings: BookingService,
    private readonly timeZone: string,
    private readonly defaultLocale: Locale,
    clock?: () => Date,
  ) {
    super(BOOKING_DIALOG);
    for (const id of [SERVICE, STORE, ALTERNATIVE]) {
      const prompt = new ChoicePrompt(id);
      this.addDialog(prompt);
    }
    this.addDialog(new DateTimePrompt(WHEN, { timeZone, requireTime: true, ...(clock ? { clock } : {}) }));
    this.addDialog(new TextPrompt(NAME, async (p) => p.recognized.succeeded && (p.recognized.value ?? '').trim().length > 0 && (p.recognized.value ?? '').length <= 80));
    this.addDialog(new TextPrompt(CONTACT, async (p) => this.contactOf(p.recognized.value ?? '', turnLocale(p.context, defaultLocale)) !== undefined));
    this.addDialog(new ConfirmPrompt(CONFIRM));
    this.addDialog(new WaterfallDialog(TIME_LOOP, [this.askTime.bind(this), this.checkTime.bind(this), this.afterAlternative.bind(this)]));
    this.addDialog(
      new WaterfallDialog(`${BOOKING_DIALOG}.steps`, [
        this.askService.bind(this),
        this.askStore.bind(this),
        this.chooseTime.bind(this),
        this.askName.bind(this),
        this.askContact.bind(this),
        this.confirm.bind(this),
        this.book.bind(this),
      ]),
    );
    this.initialDialogId = `${BOOKING_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  private draft(step: WaterfallStepContext): Draft {
    return step.values as Draft;
  }

  /** Options carry a draft when the booking restarts after its slot was taken; known answers are kept. */
  private async askService(step: WaterfallStepContext<Draft>): Promise<DialogTurnResult> {
    Object.assign(step.values, step.options ?? {});
    if (this.draft(step).serviceId) return step.next();
    const locale = this.locale(step);
    const names = this.bookings.services().map((s) => s.names[locale]);
    return step.prompt(SERVICE, { prompt: t(locale, 'booking.askService'), choices: names, retryPrompt: t(locale, 'booking.askService') });
  }

  private async askStore(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (step.result) draft.serviceId = this.bookings.services()[(step.result as FoundChoice).index]?.id;
    if (draft.storeId) return step.next();
    const locale = this.locale(step);
    const names = this.bookings.stores().map((s) => s.name);
    return step.prompt(STORE, { prompt: t(locale, 'booking.askStore'), choices: names, retryPrompt: t(locale, 'booking.askStore') });
  }

  private async chooseTime(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (step.result) draft.storeId = this.bookings.stores()[(step.result as FoundChoice).index]?.id;
    return step.beginDialog(TIME_LOOP, { ...draft });
  }

  /** One round of "when?" → availability → alternatives; repeats until a free start is chosen. */
  private async askTime(step: WaterfallStepContext<Draft>): Promise<DialogTurnResult> {
    Object.assign(step.values, step.options);
    const offered = step.options.alternatives;
    if (offered && offered.length > 0) return step.next({ alternativesOnly: true });
    return step.prompt(WHEN, { prompt: t(this.locale(step), 'booking.askTime') });
  }

  private async checkTime(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const draft = this.draft(step);
    let alternatives = draft.alternatives ?? [];
    if (!(step.result as { alternativesOnly?: boolean }).alternativesOnly) {
      const start = (step.result as RecognizedDateTime).value;
      const availability = await this.bookings.availability(draft.storeId ?? '', draft.serviceId ?? '', start);
      if (availability.ok) return step.endDialog(start);
      await step.context.sendActivity(t(locale, `booking.notAvailable.${availability.problem}`));
      alternatives = availability.alternatives;
    }
    draft.alternatives = alternatives;
    if (alternatives.length === 0) {
      await step.context.sendActivity(t(locale, 'booking.noAlternative'));
      return step.replaceDialog(TIME_LOOP, { ...draft, alternatives: [] });
    }
    const labels = [...alternatives.map((a) => this.when(a, locale)), t(locale, 'booking.otherTime')];
    return step.prompt(ALTERNATIVE, { prompt: t(locale, 'booking.pickAlternative'), choices: labels, retryPrompt: t(locale, 'booking.pickAlternative') });
  }

  private async afterAlternative(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    const picked = draft.alternatives?.[(step.result as FoundChoice).index];
    if (picked) return step.endDialog(picked);
    return step.replaceDialog(TIME_LOOP, { ...draft, alternatives: [] });
  }

  private async askName(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    draft.start = step.result as string;
    if (draft.name) return step.next(draft.name);
    const locale = this.locale(step);
    return step.prompt(NAME, { prompt: t(locale, 'booking.askName'), retryPrompt: t(locale, 'booking.nameRetry') });
  }

  private async askContact(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    draft.name = (step.result as string).trim();
    await customerName.set(step.context, draft.name);
    if (draft.contact) return step.next(draft.contact);
    const locale = this.locale(step);
    return step.prompt(CONTACT, { prompt: t(locale, 'booking.askContact'), retryPrompt: t(locale, 'booking.contactRetry') });
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const draft = this.draft(step);
    draft.contact = this.contactOf(step.result as string, locale);
    const store = this.bookings.stores().find((s) => s.id === draft.storeId);
    const service = this.bookings.services().find((s) => s.id === draft.serviceId);
    const card = CardFactory.heroCard(t(locale, 'booking.summaryTitle'), [
      `${service?.names[locale] ?? ''}`,
      `${this.when(draft.start ?? '', locale)}`,
      `${store?.name ?? ''}, ${store?.address ?? ''}`,
      `${draft.name ?? ''} · ${draft.contact ?? ''}`,
    ].join('\n'));
    await step.context.sendActivity(MessageFactory.attachment(card));
    return step.prompt(CONFIRM, { prompt: t(locale, 'booking.confirm') });
  }

  private async book(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const draft = this.draft(step);
    if (step.result !== true) {
      await step.context.sendActivity(t(locale, 'booking.notBooked'));
      return step.endDialog();
    }
    try {
      const booking = await this.bookings.book({
        storeId: draft.storeId ?? '',
        serviceId: draft.serviceId ?? '',
        start: draft.start ?? '',
        name: draft.name ?? '',
        contact: draft.contact ?? '',
        customerKey: customerKeyFor(step.context),
      });
      const store = this.bookings.stores().find((s) => s.id === booking.storeId);
      await step.context.sendActivity(t(locale, 'booking.booked', { code: booking.code, when: this.when(booking.start, locale), store: store?.name ?? '', address: store?.address ?? '' }));
      return step.endDialog(booking);
    } catch (err) {
      if (!(err instanceof SlotTakenError)) throw err;
      await step.context.sendActivity(t(locale, 'booking.taken'));
      // Start again at the time with what is still free; the other answers are kept.
      const { start: _taken, ...kept } = draft;
      return step.replaceDialog(this.initialDialogId, { ...kept, alternatives: err.alternatives } satisfies Draft);
    }
  }

  private contactOf(text: string, locale: Locale): string | undefined {
    return recognizeEmail(text) ?? recognizePhone(text, locale) ?? undefined;
  }

  private when(start: string, locale: Locale): string {
    return formatWhen(start, locale, this.timeZone);
  }
}
