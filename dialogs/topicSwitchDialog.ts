import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Locale } from '../bots/config';
import { turnLocale } from '../bots/pipeline/locale';
import { t, type TemplateKey } from './locales';
import { ConfirmPrompt } from './prompts';

export const TOPIC_SWITCH_DIALOG = 'topicSwitchDialog';
const SWITCH = 'topicSwitch.switch';
const RESUME = 'topicSwitch.resume';

/** The tasks a customer can leave for another and come back to. */
export type Task = 'booking' | 'returns';

export interface TopicSwitchOptions {
  /** The task being interrupted and the one asked for. */
  from: Task;
  to: Task;
  /** The dialog id to start for `to`, and the message that asked for it (its facts fill the new task). */
  dialogId: string;
  request: string;
}

/**
 * "Shall I stop the booking and start your return?" Runs on top of the interrupted task: no keeps
 * it (its question comes again), yes runs the new task and then offers to go back to the old one.
 */
export class TopicSwitchDialog extends ComponentDialog {
  constructor(private readonly defaultLocale: Locale) {
    super(TOPIC_SWITCH_DIALOG);
    this.addDialog(new ConfirmPrompt(SWITCH)).addDialog(new ConfirmPrompt(RESUME));
    this.addDialog(new WaterfallDialog(`${TOPIC_SWITCH_DIALOG}.steps`, [this.ask.bind(this), this.start.bind(this), this.offerResume.bind(this), this.resume.bind(this)]));
    this.initialDialogId = `${TOPIC_SWITCH_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  /** The task's name as the question needs it (Polish and German decline it: "przerwać rezerwację", "wracamy do rezerwacji"). */
  private name(locale: Locale, task: Task, back = false): string {
    return t(locale, `topic.${back ? 'namesBack' : 'names'}.${task}` as TemplateKey);
  }

  private async ask(step: WaterfallStepContext<TopicSwitchOptions>): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const { from, to } = step.options;
    return step.prompt(SWITCH, { prompt: t(locale, 'topic.switch', { current: this.name(locale, from), next: this.name(locale, to) }) });
  }

  private async start(step: WaterfallStepContext<TopicSwitchOptions>): Promise<DialogTurnResult> {
    if (step.result !== true) {
      await step.context.sendActivity(t(this.locale(step), 'topic.kept'));
      return step.endDialog();
    }
    return step.beginDialog(step.options.dialogId, { request: step.options.request });
  }

  private async offerResume(step: WaterfallStepContext<TopicSwitchOptions>): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    return step.prompt(RESUME, { prompt: t(locale, 'topic.resume', { task: this.name(locale, step.options.from, true) }) });
  }

  private async resume(step: WaterfallStepContext<TopicSwitchOptions>): Promise<DialogTurnResult> {
    if (step.result === true) return step.endDialog();
    await step.context.sendActivity(t(this.locale(step), 'topic.dropped'));
    // Below this dialog is the interrupted task: it goes too.
    return step.cancelAllDialogs();
  }
}
