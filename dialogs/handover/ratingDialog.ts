import { MessageFactory, ComponentDialog, WaterfallDialog, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { t } from '../locales';
import { NumberPrompt } from '../prompts';
import { TicketNotFoundError, type HandoverQueue } from './handoverQueue';
import { satisfaction } from './handoverState';
import './texts';

export const RATING_DIALOG = 'ratingDialog';
const SCORE = 'ratingDialog.score';
const SCALE = ['1', '2', '3', '4', '5'];

export interface RatingOptions {
  ticketId: string;
}

/** One question after a handover: how satisfied was the customer, 1–5; kept with the conversation and the ticket. */
export class RatingDialog extends ComponentDialog {
  constructor(
    private readonly queue: HandoverQueue,
    private readonly defaultLocale: Locale,
  ) {
    super(RATING_DIALOG);
    this.addDialog(new NumberPrompt(SCORE, async (prompt: PromptValidatorContext<number>) => {
      const value = prompt.recognized.value;
      return prompt.recognized.succeeded && value !== undefined && Number.isInteger(value) && value >= 1 && value <= 5;
    }));
    this.addDialog(new WaterfallDialog(`${RATING_DIALOG}.steps`, [this.ask.bind(this), this.thank.bind(this)]));
    this.initialDialogId = `${RATING_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  private async ask(step: WaterfallStepContext<RatingOptions>): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    return step.prompt(SCORE, {
      prompt: MessageFactory.suggestedActions(SCALE, t(locale, 'handover.rate')),
      retryPrompt: MessageFactory.suggestedActions(SCALE, t(locale, 'handover.rateRetry')),
    });
  }

  private async thank(step: WaterfallStepContext<RatingOptions>): Promise<DialogTurnResult> {
    const rating = step.result as number;
    const ticketId = step.options.ticketId;
    const ratings = await satisfaction.get(step.context, []);
    ratings.push({ ticketId, rating, at: new Date().toISOString() });
    try {
      await this.queue.setRating(ticketId, rating);
    } catch (err) {
      // A ticket past its retention has nowhere to keep the rating; the conversation still has it.
      if (!(err instanceof TicketNotFoundError)) throw err;
    }
    await step.context.sendActivity(t(this.locale(step), 'handover.thanks'));
    return step.endDialog();
  }
}
