import { type TurnContext, ConfirmPrompt as StockConfirmPrompt, recognizeChoices, type PromptOptions, type PromptRecognizerResult, type PromptValidator } from '../../bots/botFramework';
import { confirmChoiceDefaults, confirmLabels, hint } from './hints';
import { promptLocale } from './text';
import { recognizeYesNo } from './yesNo';

/**
 * Yes/no in English, German and Polish. Botbuilder's ConfirmPrompt still renders the choices
 * (buttons or "(1) Tak lub (2) Nie", per channel) from our per-culture defaults, but reading the
 * answer is ours: its Recognizers-Text boolean model has no Polish and would read Polish through
 * the English model, where the filler "no" ("no pewnie" = "sure") means no.
 */
export class ConfirmPrompt extends StockConfirmPrompt {
  constructor(dialogId: string, validator?: PromptValidator<boolean>) {
    super(dialogId, validator, 'en-us', confirmChoiceDefaults());
  }

  protected override async onPrompt(context: TurnContext, state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const retryPrompt = options.retryPrompt ?? hint(promptLocale(context.activity.locale), 'confirm');
    await super.onPrompt(context, state, isRetry ? { ...options, retryPrompt } : options, isRetry);
  }

  protected override async onRecognize(context: TurnContext, _state: object, _options: PromptOptions): Promise<PromptRecognizerResult<boolean>> {
    const text = context.activity.text?.trim();
    if (!text) return { succeeded: false };
    const locale = promptLocale(context.activity.locale);
    const said = recognizeYesNo(text, locale);
    if (said !== null) return { succeeded: true, value: said };
    // The rendered choices are numbered where the channel shows them as text, so "1" means yes.
    // Only the number counts here: the labels themselves were already read above, and matching
    // them again would take "nie wiem" (I don't know) for "Nie".
    const [picked] = recognizeChoices(text, [...confirmLabels(locale)], { noValue: true, noAction: true, recognizeOrdinals: locale === 'en' });
    return picked ? { succeeded: true, value: picked.resolution.index === 0 } : { succeeded: false };
  }
}
