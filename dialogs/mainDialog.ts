import { MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type Dialog,
  type DialogContext,
  type DialogState,
  type DialogStateManagerConfiguration,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Locale } from '../bots/config';
import { localePreference, setTurnLocale, turnLocale } from '../bots/pipeline/locale';
import { StateProperty } from '../bots/state/turnState';
import { BOOKING_DIALOG } from './booking/bookingDialog';
import { wantsExistingBookings } from './booking/bookingRequest';
import { MY_BOOKINGS_DIALOG } from './booking/myBookingsDialog';
import { FAQ_DIALOG, FaqDialog, type FaqDialogResult } from './faq/faqDialog';
import { isFaqTopic, type FaqService } from './faq/faqService';
import { requestedLocale } from './languageSwitch';
import { soundsFrustrated } from './handover/frustration';
import { HANDOVER_DIALOG, type HandoverOptions } from './handover/handoverDialog';
import { RATING_DIALOG, type RatingOptions } from './handover/ratingDialog';
import { RETURNS_DIALOG } from './returns/returnsDialog';
import { customerName } from './customerProfile';
import { nameSuffix, t } from './locales';
import type { IntentRecognizer, LanguageUnderstanding, Understanding } from './nlu/intents';
import { answersPrompt, gathered, looksLikeQuestion, startedWith } from './dialogStack';
import { handoverReason, wantsPerson } from './handover/handoverRequest';
import { smallTalk, withoutLeadIn } from './smallTalk';
import { takesSlots } from './slotTaking';
import { TOPIC_SWITCH_DIALOG, TopicSwitchDialog, type Task, type TopicSwitchOptions } from './topicSwitchDialog';

const ROUTE = 'mainDialog.route';
/** botbuilder-dialogs' own turn-state key for the DialogStateManager configuration (memory/dialogStateManager.js). */
const STATE_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';
/** Below this an FAQ match is offered as a choice instead of answered outright. */
const FAQ_CONFIDENCE = 0.75;

/** Messages in a row the bot did not understand; the second one brings up the menu. */
const misunderstood = new StateProperty<number>('conversation', 'misunderstoodInARow');

export interface MainDialogOptions {
  /** Exact commands (help, cancel, agent) that work in every state and every locale. */
  commands: IntentRecognizer;
  understanding: LanguageUnderstanding;
  faq: FaqService;
  /** Task dialogs MainDialog starts by id (booking, returns, …): one registration line each. */
  dialogs: Dialog[];
  supportedLocales: readonly Locale[];
  defaultLocale: Locale;
  /** True when agents can take over (the handover and rating dialogs are among `dialogs`). */
  handover: boolean;
  /** For reading dates in answers ("is 'friday at 10' an answer to the time question?"). */
  timeZone: string;
  clock: () => Date;
}

/** Task dialogs a customer can leave for another one (and that can start again from what they gathered). */
const TASKS: Record<string, Task> = { [BOOKING_DIALOG]: 'booking', [RETURNS_DIALOG]: 'returns' };
/** Below this a different intent at a question is not taken as a new request. */
const SWITCH_CONFIDENCE = 0.6;
const MIN_REQUEST_WORDS = 4;
const QUESTION_CONFIDENCE = 0.5;
/** Below this the NLU's intent may give way to what a message names (see taskNamedIn). */
const UNSURE = 0.6;

/** How MainDialog is started: normally with nothing; after a handover, to ask for the rating. */
interface RouteOptions {
  rate?: RatingOptions;
}

/** Misunderstandings in a row after which the menu was shown and missed too: the bot has failed twice. */
const FAILED_TWICE = 3;

/**
 * The root of every conversation: understands what the customer wants and routes it. Commands
 * (cancel, help) and language changes interrupt whatever dialog is running.
 */
export class MainDialog extends ComponentDialog {
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(private readonly options: MainDialogOptions) {
    super('mainDialog');
    this.addDialog(new FaqDialog(options.faq, options.defaultLocale));
    this.addDialog(new TopicSwitchDialog(options.defaultLocale));
    for (const dialog of options.dialogs) this.addDialog(dialog);
    this.addDialog(new WaterfallDialog(ROUTE, [this.routeStep.bind(this), this.afterChildStep.bind(this)]));
    this.initialDialogId = ROUTE;
  }

  /** Continues the active dialog, or starts this one when none is active. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    // DialogStateManager gathers its memory scopes from botbuilder's component registry on every
    // turn (~4% of a turn in the benchmark profile) unless the turn already carries them; they
    // hold no state, and botbuilder's DialogManager shares one configuration across turns too.
    if (this.stateConfiguration) context.turnState.set(STATE_CONFIGURATION_KEY, this.stateConfiguration);
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    this.stateConfiguration ??= dc.state.configuration;
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** After an agent resolved a handover: whatever was on the stack is gone, the rating question comes. */
  async startRating(context: TurnContext, accessor: StatePropertyAccessor<DialogState>, ticketId: string): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.id, { rate: { ticketId } } satisfies RouteOptions);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interruption = await this.interrupt(innerDc);
    return interruption ?? super.onContinueDialog(innerDc);
  }

  private locale(context: TurnContext): Locale {
    return turnLocale(context, this.options.defaultLocale);
  }

  /** Handles commands and language changes wherever the customer is; undefined otherwise. */
  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    const text = context.activity.text;
    if (!text) return undefined;
    const switchTo = requestedLocale(text, this.options.supportedLocales);
    if (switchTo) {
      await localePreference.set(context, { locale: switchTo, explicit: true });
      setTurnLocale(context, switchTo);
      await context.sendActivity(t(switchTo, 'language.switched'));
      return this.askAgainIn(innerDc);
    }
    const locale = this.locale(context);
    const { intent } = await this.options.commands.recognize(text, locale);
    if (intent === 'cancel') {
      await context.sendActivity(t(locale, 'cancel.done'));
      return innerDc.cancelAllDialogs();
    }
    if (intent === 'help') {
      await context.sendActivity(t(locale, 'help'));
      return innerDc.activeDialog ? innerDc.repromptDialog().then(() => ({ status: DialogTurnStatus.waiting })) : { status: DialogTurnStatus.waiting };
    }
    const reason = handoverReason(text);
    if (intent === 'handover' || reason || wantsPerson(text) || (this.options.handover && soundsFrustrated(text))) {
      if (!this.options.handover) {
        await this.handoverUnavailable(context, locale);
        return innerDc.cancelAllDialogs();
      }
      await innerDc.cancelAllDialogs();
      const summary = reason ?? (intent === 'handover' || wantsPerson(text) ? undefined : text);
      return innerDc.beginDialog(HANDOVER_DIALOG, (summary ? { summary } : {}) satisfies HandoverOptions);
    }
    return this.followNewRequest(innerDc, text, locale);
  }

  /**
   * A confident different request at a question ("actually i'd rather return something", "ok and
   * can i book a fitting") is followed rather than refused: a question about something else is
   * answered and the question asked again; a new task replaces one that has nothing to lose, and
   * asks first when it has.
   */
  private async followNewRequest(innerDc: DialogContext, text: string, locale: Locale): Promise<DialogTurnResult | undefined> {
    const active = innerDc.activeDialog?.id;
    if (!active || active === HANDOVER_DIALOG || active === TOPIC_SWITCH_DIALOG) return undefined;
    if (answersPrompt(innerDc, text, this.options.clock(), this.options.timeZone)) return undefined;
    // "a jednak w berlinie", "make it 11 instead": the running task's own answers, whatever the NLU thinks.
    const task = this.findDialog(active);
    if (TASKS[active] && takesSlots(task) && task.slotsNamed(text, locale) > 0) return undefined;
    const request = withoutLeadIn(text);
    // Three words or fewer at a question are an attempt at an answer ("keine ahnung", "ten kolo dworca").
    if (active !== FAQ_DIALOG && request.trim().split(/\s+/u).length < MIN_REQUEST_WORDS) return undefined;
    const understood = await this.options.understanding.analyse(request, locale);
    // A person is asked for in words the commands and handoverReason know; the NLU alone does not end a task for it.
    // A question is answered from the knowledge base on a weaker match than a task is switched on.
    const question = understood.intent === 'faq' && looksLikeQuestion(request);
    if (understood.score < (question ? QUESTION_CONFIDENCE : SWITCH_CONFIDENCE) || !['faq', 'booking', 'returns'].includes(understood.intent)) return undefined;
    const wanted = this.dialogFor(understood.intent, text, locale);
    // Another question while an answer is shown is a new question; a second booking request during a booking is not.
    if (wanted === active && active !== FAQ_DIALOG) return undefined;
    const from = TASKS[active];
    if (from && understood.intent === 'faq') {
      const entry = understood.faq && isFaqTopic(understood.faq) && (question || understood.score >= FAQ_CONFIDENCE) ? this.options.faq.entry(understood.faq, locale) : undefined;
      if (!entry) return undefined;
      await innerDc.context.sendActivity(entry.answer);
      return innerDc.repromptDialog().then(() => ({ status: DialogTurnStatus.waiting }));
    }
    const to = wanted ? TASKS[wanted] : undefined;
    if (from && to && Object.keys(gathered(innerDc)).length > 0 && wanted) {
      return innerDc.beginDialog(TOPIC_SWITCH_DIALOG, { from, to, dialogId: wanted, request: text } satisfies TopicSwitchOptions);
    }
    await innerDc.cancelAllDialogs();
    return this.start(innerDc, understood, text, locale);
  }

  /** After a language change the question comes again in the new language: a task starts again from what it gathered. */
  private async askAgainIn(innerDc: DialogContext): Promise<DialogTurnResult> {
    const active = innerDc.activeDialog?.id;
    if (active && TASKS[active]) return innerDc.replaceDialog(active, gathered(innerDc));
    // The answer comes again too, in the new language: it was probably not understood.
    if (active === FAQ_DIALOG) return innerDc.replaceDialog(active, startedWith(innerDc));
    if (innerDc.activeDialog) await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  private dialogFor(intent: Understanding['intent'], text: string, locale: Locale): string | undefined {
    if (intent === 'booking') return wantsExistingBookings(text, locale) ? MY_BOOKINGS_DIALOG : BOOKING_DIALOG;
    if (intent === 'returns') return RETURNS_DIALOG;
    if (intent === 'faq') return FAQ_DIALOG;
    if (intent === 'handover') return HANDOVER_DIALOG;
    return undefined;
  }

  /**
   * When the NLU is unsure, a message naming two or more answers of one task ("id like a
   * consultation in krakow on friday at 10", "100234 anna.nowak@example.com") is about that task.
   */
  private taskNamedIn(text: string, locale: Locale, understood: Understanding): Understanding {
    if (understood.intent !== 'none' && understood.score >= UNSURE) return understood;
    const named = Object.entries(TASKS).map(([id, intent]) => {
      const dialog = this.findDialog(id);
      return { intent, count: takesSlots(dialog) ? dialog.slotsNamed(text, locale) : 0 };
    });
    const best = named.sort((a, b) => b.count - a.count)[0];
    const tie = named.filter((n) => n.count === best?.count).length > 1;
    return best && best.count >= 2 && !tie ? { ...understood, intent: best.intent, score: 1 } : understood;
  }

  /** Starts what `understood` asks for on `dc` (the route step, or a follow-up to a new request). */
  private async start(dc: DialogContext, understood: Understanding, text: string, locale: Locale): Promise<DialogTurnResult> {
    switch (understood.intent) {
      case 'faq': {
        const candidates = understood.topFaq.map((c) => c.topic).filter(isFaqTopic);
        const topic = understood.faq && isFaqTopic(understood.faq) && understood.score >= FAQ_CONFIDENCE ? understood.faq : undefined;
        return dc.beginDialog(FAQ_DIALOG, topic ? { topic } : { candidates });
      }
      case 'handover':
        if (!this.options.handover) {
          await this.handoverUnavailable(dc.context, locale);
          return dc.endDialog();
        }
        return dc.beginDialog(HANDOVER_DIALOG, {} satisfies HandoverOptions);
      case 'booking':
      case 'returns':
        return dc.beginDialog(this.dialogFor(understood.intent, text, locale) ?? BOOKING_DIALOG);
      default:
        await this.notUnderstood(dc.context, locale);
        return dc.endDialog();
    }
  }

  private async routeStep(step: WaterfallStepContext<RouteOptions>): Promise<DialogTurnResult> {
    const context = step.context;
    if (step.options?.rate) return step.beginDialog(RATING_DIALOG, step.options.rate);
    const locale = this.locale(context);
    const text = context.activity.text ?? '';
    const requested = requestedLocale(text, this.options.supportedLocales);
    if (requested) {
      await localePreference.set(context, { locale: requested, explicit: true });
      setTurnLocale(context, requested);
      await context.sendActivity(t(requested, 'language.switched'));
      return step.endDialog();
    }
    const command = await this.options.commands.recognize(text, locale);
    if (command.intent === 'help') {
      await context.sendActivity(t(locale, 'help'));
      return step.endDialog();
    }
    const polite = command.intent === 'none' ? smallTalk(text) : undefined;
    if (polite) {
      // A friendly word back; it is never a miss, so politeness never queues anyone for a person.
      await context.sendActivity(t(locale, `smalltalk.${polite}`));
      return step.endDialog();
    }
    const reason = handoverReason(text);
    if (reason) return this.handover(step, reason);
    if (this.options.handover && command.intent === 'none' && soundsFrustrated(text)) return this.handover(step, text);
    const understood = this.taskNamedIn(text, locale, await this.options.understanding.analyse(withoutLeadIn(text), locale));
    await misunderstood.set(context, understood.intent === 'none' ? (await misunderstood.get(context, 0)) + 1 : 0);
    if (this.options.handover && (await misunderstood.get(context, 0)) >= FAILED_TWICE) {
      await misunderstood.set(context, 0);
      return this.handover(step, text);
    }
    switch (command.intent === 'none' ? understood.intent : command.intent) {
      case 'greeting':
        await context.sendActivity(t(locale, 'greeting', { nameSuffix: nameSuffix(await customerName.get(context)) }));
        return step.endDialog();
      case 'handover':
        return this.handover(step);
      case 'cancel':
        await context.sendActivity(t(locale, 'cancel.nothing'));
        return step.endDialog();
      default:
        return this.start(step, understood, text, locale);
    }
  }

  private async afterChildStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as FaqDialogResult | undefined;
    if (result?.wantsHuman) return this.handover(step);
    return step.endDialog();
  }

  private async notUnderstood(context: TurnContext, locale: Locale): Promise<void> {
    if ((await misunderstood.get(context, 0)) < 2) {
      await context.sendActivity(t(locale, 'fallback.notUnderstood'));
      return;
    }
    // With agents available, one more miss after the menu hands over; otherwise the count starts again.
    await misunderstood.set(context, this.options.handover ? FAILED_TWICE - 1 : 0);
    const choices = [t(locale, 'menu.question'), t(locale, 'menu.booking'), t(locale, 'menu.returns'), t(locale, 'menu.person')];
    await context.sendActivity(MessageFactory.suggestedActions(choices, t(locale, 'menu.intro')));
  }

  /** Hands over to people, with the issue when the bot already knows it. */
  private async handover(step: WaterfallStepContext, summary?: string): Promise<DialogTurnResult> {
    if (!this.options.handover) {
      await this.handoverUnavailable(step.context, this.locale(step.context));
      return step.endDialog();
    }
    return step.beginDialog(HANDOVER_DIALOG, (summary ? { summary } : {}) satisfies HandoverOptions);
  }

  /** No agents configured: tell the customer how to reach a person directly. */
  private async handoverUnavailable(context: TurnContext, locale: Locale): Promise<void> {
    await context.sendActivity(t(locale, 'handover.unavailable', { contact: this.options.faq.entry('contact', locale)?.answer ?? '' }));
  }
}
