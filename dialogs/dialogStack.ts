import type { Dialog, DialogContext, DialogInstance, PromptOptions } from '../bots/botFramework';
import { ChoicePrompt, DateTimePrompt, recognizeDateTime } from './prompts';
import { fold, promptLocale } from './prompts/text';

/** The question the customer is answering now: the innermost active dialog and its state. */
export function activePrompt(dc: DialogContext): { dialog: Dialog | undefined; instance: DialogInstance } | undefined {
  let current = dc;
  while (current.child) current = current.child;
  const instance = current.activeDialog;
  return instance ? { dialog: current.findDialog(instance.id), instance } : undefined;
}

/** What a task dialog has gathered (its waterfall's values), to start it again with them. */
export function gathered(dc: DialogContext): Record<string, unknown> {
  // The bottom of the task's own stack (botbuilder pushes on the end) is its main waterfall.
  const steps = dc.child?.stack[0];
  const values = (steps?.state as { values?: Record<string, unknown> } | undefined)?.values ?? {};
  // instanceId is botbuilder's own bookkeeping in the same object.
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => key !== 'instanceId' && value !== undefined && !(Array.isArray(value) && value.length === 0)));
}

/** The options the active dialog's main waterfall was started with (an FAQ's topic). */
export function startedWith(dc: DialogContext): object {
  const options = (dc.child?.stack[0]?.state as { options?: unknown } | undefined)?.options;
  return typeof options === 'object' && options !== null ? options : {};
}

/** Whether `text` names one of the buttons of the choice question being asked. */
export function namesAnOption(dc: DialogContext, text: string): boolean {
  const active = activePrompt(dc);
  const options = (active?.instance.state as { options?: PromptOptions } | undefined)?.options;
  return active?.dialog instanceof ChoicePrompt && options !== undefined && ChoicePrompt.answers(text, options, promptLocale(dc.context.activity.locale));
}

const MAX_ANSWER_WORDS = 3;

/** First words that make a message a question in en, de or pl (folded). */
const QUESTION_WORDS = new Set([
  'how', 'what', 'when', 'where', 'why', 'which', 'do', 'does', 'can', 'could', 'is', 'are', 'will',
  'wie', 'was', 'wann', 'wo', 'warum', 'welche', 'gibt', 'kann', 'konnen', 'habt', 'haben', 'ist', 'sind',
  'jak', 'co', 'kiedy', 'gdzie', 'dlaczego', 'czy', 'ile', 'ktore', 'jakie',
]);

/** "how much is shipping to austria", "wann habt ihr offen?": a question rather than an answer. */
export function looksLikeQuestion(text: string): boolean {
  const first = fold(text.trim()).split(/[^\p{L}]+/u).find(Boolean) ?? '';
  // A question mark alone is not enough: "nie wiem, ten duzy?" is an unsure answer.
  return QUESTION_WORDS.has(first);
}

/**
 * Whether `text` reads as an answer to the question being asked: a button's words, a date for a
 * date question, or a few words for a free-text question (a name, a code). Anything else may be a
 * new request, which MainDialog then checks with the NLU.
 */
export function answersPrompt(dc: DialogContext, text: string, now: Date, timeZone: string): boolean {
  const active = activePrompt(dc);
  const locale = promptLocale(dc.context.activity.locale);
  const options = (active?.instance.state as { options?: PromptOptions } | undefined)?.options;
  if (active?.dialog instanceof ChoicePrompt && options) return ChoicePrompt.answers(text, options, locale);
  // "wait, i want to return something first" has a date in it ("first") but is not one: a longer
  // message is left to the running task's own reader (slotsNamed) and the NLU.
  if (active?.dialog instanceof DateTimePrompt) return recognizeDateTime(text, locale, now, timeZone) !== null && words(text) <= MAX_ANSWER_WORDS;
  return words(text) <= MAX_ANSWER_WORDS;
}

function words(text: string): number {
  return text.trim().split(/\s+/u).length;
}
