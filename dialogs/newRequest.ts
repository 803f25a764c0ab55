import type { Dialog, DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import type { Locale } from '../bots/config';
import { BOOKING_DIALOG } from './booking/bookingDialog';
import { wantsExistingBookings } from './booking/bookingRequest';
import { MY_BOOKINGS_DIALOG } from './booking/myBookingsDialog';
import { answersPrompt, gathered, looksLikeQuestion, startedWith } from './dialogStack';
import { FAQ_DIALOG } from './faq/faqDialog';
import { isFaqTopic, type FaqService } from './faq/faqService';
import { HANDOVER_DIALOG } from './handover/handoverDialog';
import type { LanguageUnderstanding, Understanding } from './nlu/intents';
import { RETURNS_DIALOG } from './returns/returnsDialog';
import { withoutLeadIn } from './smallTalk';
import { takesSlots } from './slotTaking';
import { TOPIC_SWITCH_DIALOG, TOPIC_SWITCH_PROMPTS, type Task, type TopicSwitchOptions } from './topicSwitchDialog';

/** Below this an FAQ match is offered as a choice instead of answered outright. */
export const FAQ_CONFIDENCE = 0.75;
/** Task dialogs a customer can leave for another one (and that can start again from what they gathered). */
const TASKS: Record<string, Task> = { [BOOKING_DIALOG]: 'booking', [RETURNS_DIALOG]: 'returns' };
/** Below this a different intent at a question is not taken as a new request. */
const SWITCH_CONFIDENCE = 0.6;
const MIN_REQUEST_WORDS = 4;
/** A question is answered from the knowledge base on a weaker match than a task is switched on. */
const QUESTION_CONFIDENCE = 0.5;
/** Below this the NLU's intent may give way to what a message names (see taskNamedIn). */
const UNSURE = 0.6;

export interface RequestFollowerDeps {
  understanding: LanguageUnderstanding;
  faq: FaqService;
  timeZone: string;
  clock: () => Date;
  /** MainDialog's routing waterfall: a new request goes through it, so what follows a dialog still happens. */
  route: string;
  findDialog: (id: string) => Dialog | undefined;
}

export function dialogFor(intent: Understanding['intent'], text: string, locale: Locale): string | undefined {
  if (intent === 'booking') return wantsExistingBookings(text, locale) ? MY_BOOKINGS_DIALOG : BOOKING_DIALOG;
  if (intent === 'returns') return RETURNS_DIALOG;
  if (intent === 'faq') return FAQ_DIALOG;
  if (intent === 'handover') return HANDOVER_DIALOG;
  return undefined;
}

/** Follows the customer to a new request at a question, and asks again after a language change. */
export class RequestFollower {
  constructor(private readonly deps: RequestFollowerDeps) {}

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
    if (TASKS[active] && takesSlots(task) && task.slotsNamed(text, locale) > 0 && !looksLikeQuestion(request)) return undefined;
    // Three words or fewer at a question are an attempt at an answer ("keine ahnung", "ten kolo dworca").
    if (active !== FAQ_DIALOG && request.trim().split(/\s+/u).length < MIN_REQUEST_WORDS) return undefined;
    const understood = await this.deps.understanding.analyse(request, locale);
    // A person is asked for in words the commands and handoverReason know; the NLU alone does not end a task for it.
    // A question is answered from the knowledge base on a weaker match than a task is switched on.
    const question = understood.intent === 'faq' && looksLikeQuestion(request);
    if (understood.score < (question ? QUESTION_CONFIDENCE : SWITCH_CONFIDENCE) || !['faq', 'booking', 'returns'].includes(understood.intent)) return undefined;
    const wanted = dialogFor(understood.intent, text, locale);
    // Another question while an answer is shown is a new question; a second booking request during a booking is not.
    if (wanted === active && active !== FAQ_DIALOG) return undefined;
    const from = TASKS[active];
    if (from && understood.intent === 'faq') {
      const entry = understood.faq && isFaqTopic(understood.faq) && (question || understood.score >= FAQ_CONFIDENCE) ? this.deps.faq.entry(understood.faq, locale) : undefined;
      if (!entry) return undefined;
      await innerDc.context.sendActivity(entry.answer);
      return innerDc.repromptDialog().then(() => ({ status: DialogTurnStatus.waiting }));
    }
    const to = wanted ? TASKS[wanted] : undefined;
    const answers = gathered(innerDc);
    if (from && to && Object.keys(answers).length > 0 && wanted) {
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
    if (active && TASKS[active]) return innerDc.replaceDialog(active, gathered(innerDc));
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
    if (understood.intent !== 'none' && understood.score >= UNSURE) return understood;
    const named = Object.entries(TASKS).map(([id, intent]) => {
      const dialog = this.deps.findDialog(id);
      return { intent, count: takesSlots(dialog) ? dialog.slotsNamed(text, locale) : 0 };
    });
    const best = named.sort((a, b) => b.count - a.count)[0];
    const tie = named.filter((n) => n.count === best?.count).length > 1;
    return best && best.count >= 2 && !tie ? { ...understood, intent: best.intent, score: 1 } : understood;
  }
}
