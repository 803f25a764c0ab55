import { CardFactory, MessageFactory, type TurnContext, ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from '../../bots/botFramework';
import { DateTime } from 'luxon';
import type { Locale } from '../../bots/config';
import { formatWhen } from './formatWhen';
import { turnLocale } from '../../bots/pipeline/locale';
import { customerKeyFor } from '../../bots/state/stateKeys';
import { customerName } from '../customerProfile';
import { t } from '../locales';
import { ChoicePrompt, ConfirmPrompt, DateTimePrompt, recognizeDateTime, recognizeEmail, recognizePhone, type RecognizedDateTime } from '../prompts';
import { looksLikeQuestion } from '../dialogStack';
import type { SlotTaking } from '../slotTaking';
import { SlotTakenError, type BookingService } from './bookingService';
import type { BookingReminders } from './reminders';
import type { EventFollowers } from '../eventFollowers';
import { readBookingSlots, readCorrection, serviceOptions, storeOptions, type BookingSlots, type SlotSources } from './bookingRequest';
import './texts';

export const BOOKING_DIALOG = 'bookingDialog';
const SERVICE = 'booking.service';
const STORE = 'booking.store';
const WHEN = 'booking.when';
const ALTERNATIVE = 'booking.alternative';
const NAME = 'booking.name';
const CONTACT = 'booking.contact';
const CONFIRM = 'booking.confirm';
const TIME_LOOP = 'booking.timeLoop';
/** The index of a typed time at the alternatives question (no button has it). */
const TYPED_TIME = -1;
/** Turn-state key for a change the customer asked for at the confirmation ("make it 11 instead"). */
const CORRECTION = Symbol('booking.correction');

/** What the customer said so far; MainDialog starts the booking with what the first message named. */
export interface BookingOptions extends BookingSlots, Pick<Draft, 'name' | 'contact' | 'customerKey'> {
  /** The message that asked for the booking, when the dialog starts on a later turn (after "Shall I stop…?"). */
  request?: string;
}

interface Draft extends BookingSlots {
  alternatives?: string[];
  name?: string;
  contact?: string;
  /** Whose booking this is when not this conversation's customer's: a booking moved after it was found by its code. */
  customerKey?: string;
}

/** A name, not a question or an address typed at the name question ("how much is shipping to austria"). */
function looksLikeName(value: string): boolean {
  const name = value.trim();
  return name.length > 0 && name.length <= 80 && name.split(/\s+/u).length <= 8 && !/[?@]/u.test(name) && (name.match(/\d/gu)?.length ?? 0) <= 2;
}

/** Books an appointment: service, store, time (with free alternatives), name, contact, confirmation. */
export class BookingDialog extends ComponentDialog implements SlotTaking {
  constructor(
    private readonly bookings: BookingService,
    private readonly timeZone: string,
    private readonly defaultLocale: Locale,
    private readonly clock: () => Date = () => new Date(),
    private readonly reminders?: BookingReminders,
    private readonly followers?: EventFollowers,
  ) {
    super(BOOKING_DIALOG);
    this.addDialog(new ChoicePrompt(SERVICE)).addDialog(new ChoicePrompt(STORE));
    // While free times are offered, a typed time ("how about monday at 11") is an answer too.
    this.addDialog(new ChoicePrompt(ALTERNATIVE, undefined, (context) => this.typedTime(context)));
    this.addDialog(new DateTimePrompt(WHEN, { timeZone, clock: this.clock }));
    this.addDialog(new TextPrompt(NAME, async (p) => p.recognized.succeeded && looksLikeName(p.recognized.value ?? '')));
    this.addDialog(new TextPrompt(CONTACT, async (p) => this.contactOf(p.recognized.value ?? '', turnLocale(p.context, defaultLocale)) !== undefined));
    this.addDialog(new ConfirmPrompt(CONFIRM, async (p) => p.recognized.succeeded || this.noteCorrection(p.context, (p.options.validations as { draft?: Draft } | undefined)?.draft ?? {})));
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

  /** Fills what the customer's latest message names and was not known yet ("a fitting in berlin tomorrow"). */
  private absorb(step: WaterfallStepContext, text = step.context.activity.text ?? ''): void {
    const draft = this.draft(step);
    const said = readBookingSlots(text, this.locale(step), this.sources());
    for (const [key, value] of Object.entries(said) as [keyof BookingSlots, string][]) {
      if (draft[key] === undefined && !(key === 'day' && draft.start)) draft[key] = value;
    }
  }

  /** Options carry what the first message named, or the draft when the booking restarts after its slot was taken. */
  private async askService(step: WaterfallStepContext<Draft & BookingOptions>): Promise<DialogTurnResult> {
    const { request, ...known } = step.options ?? {};
    Object.assign(step.values, known);
    this.absorb(step, request);
    if (this.draft(step).serviceId) return step.next();
    const locale = this.locale(step);
    const choices = serviceOptions(this.bookings.services(), locale).map((o) => ({ value: o.title, synonyms: [...(o.synonyms ?? [])] }));
    return step.prompt(SERVICE, { prompt: t(locale, 'booking.askService'), choices });
  }

  private async askStore(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (step.result) {
      draft.serviceId = this.bookings.services()[(step.result as FoundChoice).index]?.id;
      this.absorb(step);
    }
    if (draft.storeId) return step.next();
    // A shop with one store (a workshop, a practice) is not asked which one.
    const [only, ...others] = this.bookings.stores();
    if (only && others.length === 0) {
      draft.storeId = only.id;
      return step.next();
    }
    const choices = storeOptions(this.bookings.stores()).map((o) => ({ value: o.title, synonyms: [...(o.synonyms ?? [])] }));
    return step.prompt(STORE, { prompt: t(this.locale(step), 'booking.askStore'), choices });
  }

  private async chooseTime(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (step.result) {
      draft.storeId = this.bookings.stores()[(step.result as FoundChoice).index]?.id;
      this.absorb(step);
    }
    return step.beginDialog(TIME_LOOP, { ...draft });
  }

  /** One round of "when?" → availability → alternatives; repeats until a free start is chosen. */
  private async askTime(step: WaterfallStepContext<Draft>): Promise<DialogTurnResult> {
    Object.assign(step.values, step.options);
    const draft = this.draft(step);
    const offered = draft.alternatives;
    if (offered && offered.length > 0) return step.next({ alternativesOnly: true });
    if (draft.start) return step.next({ value: draft.start, hasDate: true, hasTime: true } satisfies RecognizedDateTime);
    const locale = this.locale(step);
    if (draft.day) {
      const day = DateTime.fromISO(draft.day, { zone: this.timeZone }).setLocale(locale).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
      return step.prompt(WHEN, { prompt: t(locale, 'booking.askTimeOnDay', { day }), validations: { day: draft.day } });
    }
    return step.prompt(WHEN, { prompt: t(locale, 'booking.askTime') });
  }

  private async checkTime(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const draft = this.draft(step);
    let alternatives = draft.alternatives ?? [];
    if (!(step.result as { alternativesOnly?: boolean }).alternativesOnly) {
      const answer = step.result as RecognizedDateTime;
      // A day alone: "What time on Friday?" names it.
      if (!answer.hasTime) return step.replaceDialog(TIME_LOOP, { ...draft, alternatives: [], day: answer.value.slice(0, 10) });
      const start = answer.value;
      const availability = await this.bookings.availability(draft.storeId ?? '', draft.serviceId ?? '', start);
      if (availability.ok) return step.endDialog(start);
      await step.context.sendActivity(t(locale, `booking.notAvailable.${availability.problem}`));
      alternatives = availability.alternatives;
    }
    draft.alternatives = alternatives;
    delete draft.start;
    delete draft.day;
    if (alternatives.length === 0) {
      await step.context.sendActivity(t(locale, 'booking.noAlternative'));
      return step.replaceDialog(TIME_LOOP, { ...draft, alternatives: [] });
    }
    const labels = [...alternatives.map((a) => this.when(a, locale)), t(locale, 'booking.otherTime')];
    return step.prompt(ALTERNATIVE, { prompt: t(locale, 'booking.pickAlternative'), choices: labels });
  }

  private async afterAlternative(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    const found = step.result as FoundChoice;
    if (found.index === TYPED_TIME) return step.replaceDialog(TIME_LOOP, { ...draft, alternatives: [], start: found.value });
    const picked = draft.alternatives?.[found.index];
    if (picked) return step.endDialog(picked);
    return step.replaceDialog(TIME_LOOP, { ...draft, alternatives: [] });
  }

  /** A time typed while alternatives are shown, as a choice the alternatives step knows. */
  private typedTime(context: TurnContext): FoundChoice | undefined {
    const locale = turnLocale(context, this.defaultLocale);
    const found = recognizeDateTime(context.activity.text ?? '', locale, this.clock(), this.timeZone);
    return found?.hasTime ? { value: found.value, index: TYPED_TIME, score: 1 } : undefined;
  }

  /** Service, store and time named in `text`, or a bare hour ("make it 11"). */
  slotsNamed(text: string, locale: Locale): number {
    return Object.keys(readBookingSlots(text, locale, this.sources())).length;
  }

  private sources(): SlotSources {
    return { services: this.bookings.services(), stores: this.bookings.stores(), timeZone: this.timeZone, now: this.clock() };
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
    // One fact per line, as plain text: each channel's renderer shows the lines and escapes the
    // customer's own name and contact for its format.
    const card = CardFactory.heroCard(t(locale, 'booking.summaryTitle'), [
      service?.names[locale] ?? '',
      [store?.name, store?.address].filter(Boolean).join(', '),
      this.when(draft.start ?? '', locale),
      draft.name ?? '',
      draft.contact ?? '',
    ].join('\n'));
    await step.context.sendActivity(MessageFactory.attachment(card));
    // The draft goes with the question, so a change is told from a repeat ("in berlin" when it is in Berlin).
    return step.prompt(CONFIRM, { prompt: t(locale, 'booking.confirm'), validations: { draft: { ...draft } } });
  }

  private async book(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const draft = this.draft(step);
    const correction = step.context.turnState.get(CORRECTION) === true ? readCorrection(step.context.activity.text ?? '', locale, this.sources(), draft) : undefined;
    if (correction) {
      // Through the steps again: a changed time, store or service is checked for availability, the rest is kept.
      const { alternatives: _offered, ...kept } = draft;
      return step.replaceDialog(this.initialDialogId, { ...kept, ...correction } satisfies Draft);
    }
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
        customerKey: draft.customerKey ?? customerKeyFor(step.context),
      });
      await this.reminders?.plan(booking, step.context);
      await this.followers?.follow({ bookingCode: booking.code }, step.context, { proof: 'made' });
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

  /** Lets the confirmation end on a change ("make it 11 instead"); the book step reads it. */
  private noteCorrection(context: TurnContext, draft: BookingSlots): boolean {
    const text = context.activity.text ?? '';
    const locale = turnLocale(context, this.defaultLocale);
    // A question at the confirmation ("when does the berlin store open on saturday?") is not a change.
    if (looksLikeQuestion(text) || !readCorrection(text, locale, this.sources(), draft)) return false;
    context.turnState.set(CORRECTION, true);
    return true;
  }

  private contactOf(text: string, locale: Locale): string | undefined {
    return recognizeEmail(text) ?? recognizePhone(text, locale) ?? undefined;
  }

  private when(start: string, locale: Locale): string {
    return formatWhen(start, locale, this.timeZone);
  }
}
