import { type TurnContext, ConfirmPrompt as StockConfirmPrompt, type PromptOptions, type PromptRecognizerResult, type PromptValidator } from '../../bots/botFramework';
import { confirmChoiceDefaults, hint } from './hints';
import { englishNumbers, englishOrdinals } from './recognizerModels';
import { promptLocale, type PromptLocale } from './text';
import { recognizeYesNo } from './yesNo';
import { asksAgain } from './provenYes';

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
    const retryPrompt = (asksAgain(context) ? options.prompt : options.retryPrompt) ?? hint(promptLocale(context.activity.locale), 'confirm');
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
    const picked = pickedIndex(text, locale);
    return picked === undefined ? { succeeded: false } : { succeeded: true, value: picked === 0 };
  }
}

const NAMES_ONE_OR_TWO = /\d|\b(?:one|two|first|second)\b/i;

/**
 * Which of the two numbered choices `text` names: "1"/"2", and in English also "the first"; as
 * botbuilder's recognizeChoices reads them (ordinals first, then numbers), on models built once.
 */
function pickedIndex(text: string, locale: PromptLocale): number | undefined {
  // The models try every number pattern, which costs more than the rest of the turn's reading;
  // a message that has neither a digit nor a word for one or two cannot name a choice.
  if (!NAMES_ONE_OR_TWO.test(text)) return undefined;
  const inRange = (results: unknown[]) =>
    results
      .map((result) => Number((result as { resolution?: { value?: unknown } }).resolution?.value))
      .find((n) => Number.isInteger(n) && n >= 1 && n <= 2);
  const n = (locale === 'en' ? inRange(englishOrdinals(text)) : undefined) ?? inRange(englishNumbers(text));
  return n === undefined ? undefined : n - 1;
}
