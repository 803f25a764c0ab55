import { WaterfallDialog, type Dialog, type DialogTurnResult, type WaterfallStepContext } from '../bots/botFramework';
import type { Locale } from '../bots/config';
import { turnLocale } from '../bots/pipeline/locale';
import { t, type TemplateKey } from './locales';
import { ConfirmPrompt } from './prompts';

export const TOPIC_SWITCH_DIALOG = 'topicSwitch';
const SWITCH = 'topicSwitch.switch';
const RESUME = 'topicSwitch.resume';
/** The switch's own questions: MainDialog never takes an answer to them as a new request. */
export const TOPIC_SWITCH_PROMPTS: readonly string[] = [SWITCH, RESUME];

/** A task a customer can leave for another and come back to: the name of its dialog folder (`booking`). */
export type Task = string;

export interface TopicSwitchOptions {
  /** The task being interrupted, its dialog id and what it had gathered (to start it again with). */
  from: Task;
  fromDialogId: string;
  gathered: Record<string, unknown>;
  /** The task asked for, its dialog id, and the message that asked for it (its facts fill the new task). */
  to: Task;
  dialogId: string;
  request: string;
}

/**
 * "Shall I stop the booking and start your return?" A waterfall on MainDialog's own stack (not a
 * component), so the tasks it starts run where MainDialog's interruptions and reprompts reach
 * them: no keeps the interrupted task (started again from what it gathered, so its question comes
 * again); yes runs the new task and then offers to go back to the old one.
 */
export function topicSwitchDialogs(defaultLocale: Locale): Dialog[] {
  const locale = (step: WaterfallStepContext) => turnLocale(step.context, defaultLocale);
  // Polish and German decline the task's name: "przerwać rezerwację", "wracamy do rezerwacji".
  // Each folder names its own task (see DialogModule.tasks).
  const name = (l: Locale, task: Task, back = false) => t(l, `${task}.task.${back ? 'nameBack' : 'name'}` as TemplateKey);
  const steps = [
    async (step: WaterfallStepContext<TopicSwitchOptions>): Promise<DialogTurnResult> => {
      const l = locale(step);
      return step.prompt(SWITCH, { prompt: t(l, 'topic.switch', { current: name(l, step.options.from), next: name(l, step.options.to) }) });
    },
    async (step: WaterfallStepContext<TopicSwitchOptions>): Promise<DialogTurnResult> => {
      if (step.result === true) return step.beginDialog(step.options.dialogId, { request: step.options.request });
      await step.context.sendActivity(t(locale(step), 'topic.kept'));
      return step.replaceDialog(step.options.fromDialogId, step.options.gathered);
    },
    async (step: WaterfallStepContext<TopicSwitchOptions>): Promise<DialogTurnResult> => {
      const l = locale(step);
      return step.prompt(RESUME, { prompt: t(l, 'topic.resume', { task: name(l, step.options.from, true) }) });
    },
    async (step: WaterfallStepContext<TopicSwitchOptions>): Promise<DialogTurnResult> => {
      if (step.result === true) return step.replaceDialog(step.options.fromDialogId, step.options.gathered);
      await step.context.sendActivity(t(locale(step), 'topic.dropped'));
      return step.endDialog();
    },
  ];
  return [new WaterfallDialog(TOPIC_SWITCH_DIALOG, steps), new ConfirmPrompt(SWITCH), new ConfirmPrompt(RESUME)];
}
