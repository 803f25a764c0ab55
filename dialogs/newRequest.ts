import { type Dialog, type DialogContext, type DialogTurnResult, DialogTurnStatus } from '../bots/botFramework';
import type { Locale } from '../bots/config';
import { answersPrompt, gathered, looksLikeQuestion, startedWith } from './dialogStack';
import { FAQ_DIALOG } from './faq/faqDialog';
import type { FaqService } from './faq/faqService';
import { FAQ_CONFIDENCE } from './faq/module';
import { HANDOVER_DIALOG } from './handover/handoverDialog';
import type { LanguageUnderstanding, Understanding } from './nlu/intents';
import type { DialogRegistry } from './registry';
import { withoutLeadIn } from './smallTalk';
import { takesSlots } from './slotTaking';
import { TOPIC_SWITCH_DIALOG, TOPIC_SWITCH_PROMPTS, type Task, type TopicSwitchOptions } from './topicSwitchDialog';

/** Below this a different intent at a question is not taken as a new request. */
const SWITCH_CONFIDENCE = 0.6;
const MIN_REQUEST_WORDS = 4;
/** A question is answered from the knowledge base on a weaker match than a task is switched on. */
const QUESTION_CONFIDENCE = 0.5;
/** Below this the NLU's intent may give way to what a message names (see taskNamedIn). */
const UNSURE = 0.6;
/** A person is asked for in words the commands and handoverReason know; the NLU alone does not end a task for it. */
const HANDOVER_INTENT = 'handover';

export interface RequestFollowerDeps {
  understanding: LanguageUnderstanding;
  registry: DialogRegistry;
  faq: FaqService;
  timeZone: string;
  clock: () => Date;
  /** MainDialog's routing waterfall: a new request goes through it, so what follows a dialog still happens. */
  route: string;
  findDialog: (id: string) => Dialog | undefined;
}

/** Follows the customer to a new request at a question, and asks again after a language change. */
export class RequestFollower {
  constructor(private readonly deps: RequestFollowerDeps) {}

  /** The task (dialog folder name) `dialogId` is, when it gathers answers a customer could lose. */
  private task(dialogId: string | undefined): Task | undefined {
    return dialogId === undefined ? undefined : this.deps.registry.taskOf(dialogId)?.name;
  }

  /**
   * A confident different request at a question ("actually i'd rather return something", "ok and
   * can i book a fitting") is followed rather than refused: a question about something else is
   * answered and the question asked again; a new task replaces one that has nothing to lose, and
   * asks first when it has.
   */
  async follow(innerDc: DialogContext, text: string, locale: Locale): Promise<DialogTurnResult | undefined> {
    const active = innerDc.activeDialog?.id;
    if (!active || active === HANDOVER_DIALOG || TOPIC_SWITCH_PROMPTS.includes(active)) return undefined;
    if (answersPrompt(innerDc, text, this.deps.clock(), this.deps.timeZone)) return undefined;
    const request = withoutLeadIn(text);
    // "a jednak w berlinie", "make it 11 instead": the running task's own answers, whatever the NLU
    // thinks; a question ("how long does a refund take?") is a question even when it names one.
    const task = this.deps.findDialog(active);
    if (this.task(active) && takesSlots(task) && task.slotsNamed(text, locale) > 0 && !looksLikeQuestion(request)) return undefined;
    // Three words or fewer at a question are an attempt at an answer ("keine ahnung", "ten kolo dworca").
    if (active !== FAQ_DIALOG && request.trim().split(/\s+/u).length < MIN_REQUEST_WORDS) return undefined;
    const understood = await this.deps.understanding.analyse(request, locale);
    // A question is answered from the knowledge base on a weaker match than a task is switched on.
    const question = understood.intent === 'faq' && looksLikeQuestion(request);
    // Commands and a person are handled before this; of the rest only what a dialog answers is a new request.
    if (understood.score < (question ? QUESTION_CONFIDENCE : SWITCH_CONFIDENCE) || understood.intent === HANDOVER_INTENT) return undefined;
    const wanted = this.deps.registry.route({ intent: understood.intent, text, locale, understood })?.dialogId;
    if (!wanted) return undefined;
    // Another question while an answer is shown is a new question; a second booking request during a booking is not.
    if (wanted === active && active !== FAQ_DIALOG) return undefined;
    const from = this.task(active);
    if (from && wanted === FAQ_DIALOG) {
      const entry = understood.faq && (question || understood.score >= FAQ_CONFIDENCE) ? this.deps.faq.entry(understood.faq, locale) : undefined;
      if (!entry) return undefined;
      await innerDc.context.sendActivity(entry.answer);
      return innerDc.repromptDialog().then(() => ({ status: DialogTurnStatus.waiting }));
    }
    const to = this.task(wanted);
    const answers = gathered(innerDc);
    if (from && to && Object.keys(answers).length > 0) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(TOPIC_SWITCH_DIALOG, { from, fromDialogId: active, gathered: answers, to, dialogId: wanted, request: text } satisfies TopicSwitchOptions);
    }
    // Through the route again, so what follows the new dialog (a person after "no, that didn't help") still happens.
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(this.deps.route);
  }

  /** After a language change the question comes again in the new language: a task starts again from what it gathered. */
  async askAgainIn(innerDc: DialogContext): Promise<DialogTurnResult> {
    const active = innerDc.activeDialog?.id;
    if (active && this.task(active)) return innerDc.replaceDialog(active, gathered(innerDc));
    // The answer comes again too, in the new language: it was probably not understood.
    if (active === FAQ_DIALOG) return innerDc.replaceDialog(active, startedWith(innerDc));
    if (innerDc.activeDialog) await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  /**
   * When the NLU is unsure, a message naming two or more answers of one task ("id like a
   * consultation in krakow on friday at 10", "100234 anna.nowak@example.com") is about that task.
   */
  taskNamedIn(text: string, locale: Locale, understood: Understanding): Understanding {
    // A person the customer asked for in so many words is a command, read before this; the NLU's
    // guess of one ("eine Beratung in Krakau") gives way to a message naming a task's answers.
    if (understood.intent !== 'none' && understood.intent !== HANDOVER_INTENT && understood.score >= UNSURE) return understood;
    const named = this.deps.registry.tasks().flatMap((id) => {
      const dialog = this.deps.findDialog(id);
      const intent = Object.keys(this.deps.registry.taskOf(id)?.intents ?? {})[0];
      return intent ? [{ intent, count: takesSlots(dialog) ? dialog.slotsNamed(text, locale) : 0 }] : [];
    });
    const best = named.sort((a, b) => b.count - a.count)[0];
    const tie = named.filter((n) => n.count === best?.count).length > 1;
    return best && best.count >= 2 && !tie ? { ...understood, intent: best.intent, score: 1 } : understood;
  }
}
