import { InputHints, MessageFactory, type Activity, type TurnContext, Prompt, type PromptOptions, type PromptRecognizerResult, type PromptValidator } from '../../bots/botFramework';
import { hint, type HintKey } from './hints';
import { promptLocale, type PromptLocale } from './text';

/** What a prompt's recogniser made of one answer: a value, or the hint that explains what was missing. */
export type Reading<T> = { value: T } | { hint: HintKey };

/** The part of a prompt's dialog state this base class keeps between turns. */
export interface LocalePromptState {
  /** The hint for the last failed answer, when it was more specific than the prompt's default. */
  hintKey?: HintKey;
}

export function toActivity(message: string | Partial<Activity>): Partial<Activity> {
  return typeof message === 'string' ? MessageFactory.text(message, message, InputHints.ExpectingInput) : message;
}

/**
 * A prompt that reads the answer with our recognisers in the activity's locale ("en", "de", "pl";
 * anything else is read as English rather than failing, unlike botbuilder's NumberPrompt, which
 * throws E_MISSING_BUNDLE for Polish). On a wrong answer it sends the caller's `retryPrompt`, or
 * else a hint in the customer's language that says what kind of answer is expected.
 */
export abstract class LocalePrompt<T> extends Prompt<T> {
  protected constructor(
    dialogId: string,
    private readonly defaultHint: HintKey,
    validator?: PromptValidator<T>,
  ) {
    super(dialogId, validator);
  }

  /**
   * Reads one answer; `state` persists for this prompt across turns. Botbuilder calls
   * `onRecognize` twice per turn (for the activityReceived event and again in continueDialog), so
   * whatever this writes to `state` must come out the same when it runs again on the same text.
   */
  protected abstract read(text: string, locale: PromptLocale, state: LocalePromptState): Reading<T>;

  protected override async onPrompt(context: TurnContext, state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    if (isRetry) {
      const key = (state as LocalePromptState).hintKey ?? this.defaultHint;
      await context.sendActivity(toActivity(options.retryPrompt ?? hint(promptLocale(context.activity.locale), key)));
    } else if (options.prompt) {
      await context.sendActivity(toActivity(options.prompt));
    }
  }

  protected override async onRecognize(context: TurnContext, state: object, _options: PromptOptions): Promise<PromptRecognizerResult<T>> {
    const promptState = state as LocalePromptState;
    const text = context.activity.text?.trim();
    if (!text) {
      delete promptState.hintKey;
      return { succeeded: false };
    }
    const reading = this.read(text, promptLocale(context.activity.locale), promptState);
    if ('value' in reading) {
      delete promptState.hintKey;
      return { succeeded: true, value: reading.value };
    }
    promptState.hintKey = reading.hint;
    return { succeeded: false };
  }
}
