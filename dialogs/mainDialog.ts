import { MessageFactory, type StatePropertyAccessor, type TurnContext, ComponentDialog, DialogSet, DialogTurnStatus, WaterfallDialog, type Dialog, type DialogContext, type DialogState, type DialogStateManagerConfiguration, type DialogTurnResult, type WaterfallStepContext } from '../bots/botFramework';
import type { Locale } from '../bots/config';
import { localePreference, setTurnLocale, turnLocale } from '../bots/pipeline/locale';
import { StateProperty } from '../bots/state/turnState';
import type { FaqDialogResult } from './faq/faqDialog';
import type { FaqService } from './faq/faqService';
import { CommandReader } from './commands';
import { HANDOVER_DIALOG, type HandoverOptions } from './handover/handoverDialog';
import { RATING_DIALOG, type RatingOptions } from './handover/ratingDialog';
import { customerName } from './customerProfile';
import { nameSuffix, t, type TemplateKey } from './locales';
import type { IntentRecognizer, LanguageUnderstanding, Understanding } from './nlu/intents';
import { activePrompt, namesAnOption } from './dialogStack';
import { lastMessageAt } from './jobTurns';
import { RequestFollower } from './newRequest';
import type { OptOutReplies } from './optOutReplies';
import { lastUnaskedTopic } from './sendRules';
import { ConfirmPrompt } from './prompts';
import { onlyGreeting, withoutGreeting, withoutLeadIn } from './smallTalk';
import { topicSwitchDialogs } from './topicSwitchDialog';
import type { DialogRegistry, DialogStart } from './registry';

const ROUTE = 'mainDialog.route';
/** botbuilder-dialogs' own turn-state key for the DialogStateManager configuration (memory/dialogStateManager.js). */
const STATE_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

/** Messages in a row the bot did not understand; the second one brings up the menu. */
const misunderstood = new StateProperty<number>('conversation', 'misunderstoodInARow');

export interface MainDialogOptions {
  /** Exact commands (help, cancel, agent) that work in every state and every locale. */
  commands: IntentRecognizer;
  understanding: LanguageUnderstanding;
  faq: FaqService;
  /** Which dialog each intent starts, and which dialogs are tasks (dialogs/registry.ts). */
  registry: DialogRegistry;
  /** The registered folders' dialogs (`registry.build(…)`). */
  dialogs: Dialog[];
  supportedLocales: readonly Locale[];
  defaultLocale: Locale;
  /** True when agents can take over (the handover and rating dialogs are among `dialogs`). */
  handover: boolean;
  /** For reading dates in answers ("is 'friday at 10' an answer to the time question?"). */
  timeZone: string;
  clock: () => Date;
  /** Answers "unsubscribe" and its way back; without it they are not commands. */
  optOuts?: OptOutReplies;
}

/** How MainDialog is started: normally with nothing; after a handover, to ask for the rating. */
interface RouteOptions {
  rate?: RatingOptions;
  /** A task the bot starts itself (a reminder's question). */
  start?: DialogStart;
}

/** Misunderstandings in a row after which the menu was shown and missed too: the bot has failed twice. */
const FAILED_TWICE = 3;

/**
 * The root of every conversation: understands what the customer wants and routes it. Commands
 * (cancel, help) and language changes interrupt whatever dialog is running.
 */
export class MainDialog extends ComponentDialog {
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  private readonly requests: RequestFollower;
  private readonly commands: CommandReader;

  constructor(private readonly options: MainDialogOptions) {
    super('mainDialog');
    this.requests = new RequestFollower({ ...options, route: ROUTE, findDialog: (id) => this.findDialog(id) });
    this.commands = new CommandReader({ keywords: options.commands, supportedLocales: options.supportedLocales, handover: options.handover });
    for (const dialog of topicSwitchDialogs(options.defaultLocale)) this.addDialog(dialog);
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
    // Only where a question is left open (JobTurnTools.busy reads it then): a turn that ends the
    // conversation's dialogs, an FAQ answer, stays without a state write of its own.
    if (dc.activeDialog) await lastMessageAt.set(context, this.options.clock().getTime());
    // A bare "stop" opts out only as the answer to the unasked message; this message was that answer.
    if (await lastUnaskedTopic.get(context)) await lastUnaskedTopic.delete(context);
  }

  /** After an agent resolved a handover: whatever was on the stack is gone, the rating question comes. */
  async startRating(context: TurnContext, accessor: StatePropertyAccessor<DialogState>, ticketId: string): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.id, { rate: { ticketId } } satisfies RouteOptions);
  }

  /** Starts `start` as the conversation's task, in place of whatever was left open (a scheduled job's question). */
  async startTask(context: TurnContext, accessor: StatePropertyAccessor<DialogState>, start: DialogStart): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.id, { start } satisfies RouteOptions);
  }

  /** Whether a dialog of the conversation's is waiting for an answer. */
  async hasOpenQuestion(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<boolean> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    return (await dialogSet.createContext(context)).activeDialog !== undefined;
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
    const locale = this.locale(context);
    const command = await this.commands.read(text, locale);
    switch (command?.kind) {
      case 'language':
        await this.switchLanguage(context, command.locale);
        return this.requests.askAgainIn(innerDc);
      case 'optOut':
      case 'optIn':
        if (!this.options.optOuts) return undefined;
        await this.options.optOuts.answer(context, command, locale);
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'cancel':
        // "stop" in answer to a reminder or an offer is the way out of those; the question stands.
        if (await this.options.optOuts?.answerBareStop(context, text, locale)) {
          await innerDc.repromptDialog();
          return { status: DialogTurnStatus.waiting };
        }
        // "cancel" at "keep, move or cancel the booking?" picks that button; elsewhere it stops the task.
        if (namesAnOption(innerDc, text)) return undefined;
        await context.sendActivity(t(locale, 'cancel.done'));
        return innerDc.cancelAllDialogs();
      case 'help':
        await context.sendActivity(this.helpText(locale));
        if (innerDc.activeDialog) await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'smallTalk':
        // "thanks", "ok", 👍 at a question: not an answer and not a miss; the question stands. At a
        // yes/no question "ok" is an answer, so the prompt reads it.
        if (activePrompt(innerDc)?.dialog instanceof ConfirmPrompt || namesAnOption(innerDc, text)) return undefined;
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'person':
        if (!this.options.handover) {
          await this.handoverUnavailable(context, locale);
          return innerDc.cancelAllDialogs();
        }
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(HANDOVER_DIALOG, (command.summary ? { summary: command.summary } : {}) satisfies HandoverOptions);
      default:
        return this.requests.follow(innerDc, text, locale);
    }
  }

  private async switchLanguage(context: TurnContext, locale: Locale): Promise<void> {
    await localePreference.set(context, { locale, explicit: true });
    setTurnLocale(context, locale);
    await context.sendActivity(t(locale, 'language.switched'));
  }

  /** Starts what `understood` asks for on `dc` (the route step, or a follow-up to a new request). */
  private async start(dc: DialogContext, understood: Understanding, text: string, locale: Locale): Promise<DialogTurnResult> {
    if (understood.intent === 'handover' && !this.options.handover) {
      await this.handoverUnavailable(dc.context, locale);
      return dc.endDialog();
    }
    const begin = this.options.registry.route({ intent: understood.intent, text, locale, understood });
    if (begin && this.findDialog(begin.dialogId)) return dc.beginDialog(begin.dialogId, begin.options);
    await this.notUnderstood(dc.context, locale);
    return dc.endDialog();
  }

  private async routeStep(step: WaterfallStepContext<RouteOptions>): Promise<DialogTurnResult> {
    const context = step.context;
    if (step.options?.rate) return step.beginDialog(RATING_DIALOG, step.options.rate);
    if (step.options?.start) return step.beginDialog(step.options.start.dialogId, step.options.start.options);
    const locale = this.locale(context);
    const text = context.activity.text ?? '';
    const command = await this.commands.read(text, locale);
    switch (command?.kind) {
      case 'language':
        await this.switchLanguage(context, command.locale);
        return step.endDialog();
      case 'optOut':
      case 'optIn':
        if (!this.options.optOuts) break;
        await this.options.optOuts.answer(context, command, locale);
        return step.endDialog();
      case 'cancel':
        // A bare "stop" right after a reminder or offer is the way out of them; else nothing to cancel.
        if (!(await this.options.optOuts?.answerBareStop(context, text, locale))) await context.sendActivity(t(locale, 'cancel.nothing'));
        return step.endDialog();
      case 'help':
        await context.sendActivity(this.helpText(locale));
        return step.endDialog();
      case 'smallTalk':
        // A friendly word back; it is never a miss, so politeness never queues anyone for a person.
        await context.sendActivity(t(locale, `smalltalk.${command.polite}`));
        return step.endDialog();
      case 'person':
        return this.handover(step, command.summary);
      default:
        break;
    }
    const understood = await this.readRequest(text, locale);
    await misunderstood.set(context, understood.intent === 'none' ? (await misunderstood.get(context, 0)) + 1 : 0);
    if (this.options.handover && (await misunderstood.get(context, 0)) >= FAILED_TWICE) {
      await misunderstood.set(context, 0);
      return this.handover(step, text);
    }
    switch (understood.intent) {
      case 'greeting':
        await context.sendActivity(t(locale, 'greeting', { nameSuffix: nameSuffix(await customerName.get(context)) }));
        return step.endDialog();
      case 'cancel':
        await context.sendActivity(t(locale, 'cancel.nothing'));
        return step.endDialog();
      default:
        return this.start(step, understood, text, locale);
    }
  }

  /** "I can help you with:" and a line from each dialog folder that has one (the registry's help entries). */
  private helpText(locale: Locale): string {
    // Titles start with a capital; inside a sentence English and Polish write them in lower case,
    // German keeps its nouns capitalised.
    const inSentence = (title: string) => (locale === 'de' ? title : `${title.charAt(0).toLocaleLowerCase(locale)}${title.slice(1)}`);
    const topics = new Intl.ListFormat(locale, { type: 'conjunction' }).format(this.options.faq.entries(locale).slice(0, 3).map((entry) => inSentence(entry.title)));
    const entries = this.options.registry.helpEntries().map((key) => `• ${t(locale, key as TemplateKey, { topics })}`);
    return t(locale, 'help', { entries: entries.join('\n') });
  }

  /** What the message asks for, read past a greeting or "ok and" in front; a greeting alone stays one. */
  private async readRequest(text: string, locale: Locale): Promise<Understanding> {
    if (onlyGreeting(text)) return { intent: 'greeting', faq: null, score: 1, topFaq: [] };
    const request = withoutLeadIn(text);
    const past = withoutGreeting(request);
    const understood = this.requests.taskNamedIn(text, locale, await this.options.understanding.analyse(past, locale));
    if (past === request || understood.intent !== 'none') return understood;
    return this.requests.taskNamedIn(text, locale, await this.options.understanding.analyse(request, locale));
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
    const choices = this.options.registry.menuEntries().map((key) => t(locale, key as TemplateKey));
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
