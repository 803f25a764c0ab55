import { InputHints, MessageFactory, type TurnContext, Prompt, type Choice, type FoundChoice, type PromptOptions, type PromptRecognizerResult, type PromptValidator } from '../../bots/botFramework';
import { exactChoice, matchAnswer, type ChoiceOption } from './choices';
import { hint } from './hints';
import { promptLocale, type PromptLocale } from './text';

/** What the prompt remembers between the customer's tries. */
interface ChoiceState {
  /** Answers in a row that matched no option. */
  misses?: number;
  /** Options the last answer fitted equally ("Do you mean A or B?"), as indexes into the choices. */
  narrowed?: number[];
  /** The activity the last miss was counted for. */
  missedId?: string;
}

function optionsOf(choices: PromptOptions['choices']): ChoiceOption[] {
  return (choices ?? []).map((c: string | Choice) => (typeof c === 'string' ? { title: c } : { title: c.action?.title ?? c.value, synonyms: c.synonyms ?? [] }));
}

function listOf(titles: string[], locale: PromptLocale): string {
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(titles.map((t) => `"${t}"`));
}

/**
 * A button question that takes the customer's own words (see `matchAnswer`). The same question
 * never comes a third time: a first miss says what the options are and how to leave, a second
 * one offers them as a numbered list; when two options fit it asks which. Resolves to a
 * `FoundChoice`, as botbuilder's ChoicePrompt does, so dialogs read `result.index` either way.
 */
export class ChoicePrompt extends Prompt<FoundChoice> {
  /**
   * @param otherAnswer reads an answer that is not one of the buttons but fits the question (a
   *   typed time while free times are offered); consulted before the options.
   */
  constructor(
    dialogId: string,
    validator?: PromptValidator<FoundChoice>,
    private readonly otherAnswer?: (context: TurnContext) => FoundChoice | undefined,
  ) {
    super(dialogId, validator);
  }

  /** Whether `text` answers the question `options` asks; MainDialog asks before taking it as a new request. */
  static answers(text: string, options: PromptOptions, locale: PromptLocale): boolean {
    const match = matchAnswer(text, optionsOf(options.choices), locale);
    return match !== undefined;
  }

  protected override async onPrompt(context: TurnContext, state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const locale = promptLocale(context.activity.locale);
    const titles = optionsOf(options.choices).map((o) => o.title);
    const choiceState = state as ChoiceState;
    if (!isRetry) {
      const text = typeof options.prompt === 'string' ? options.prompt : options.prompt?.text ?? '';
      await context.sendActivity(MessageFactory.suggestedActions(titles, text, text, InputHints.ExpectingInput));
      return;
    }
    if (choiceState.narrowed && choiceState.narrowed.length > 1) {
      const fitting = choiceState.narrowed.map((i) => titles[i] ?? '');
      await this.send(context, hint(locale, 'choiceWhich').replace('{{options}}', listOf(fitting, locale)), fitting);
      return;
    }
    if ((choiceState.misses ?? 0) >= 2) {
      const list = titles.map((title, i) => `${i + 1}. ${title}`).join('\n');
      // No buttons with the list: channels that number buttons themselves (e-mail) would list them twice.
      await context.sendActivity(MessageFactory.text(hint(locale, 'choiceNumbered').replace('{{list}}', list), undefined, InputHints.ExpectingInput));
      return;
    }
    await this.send(context, hint(locale, 'choiceUnknown').replace('{{options}}', listOf(titles, locale)), titles);
  }

  protected override async onRecognize(context: TurnContext, state: object, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const choiceState = state as ChoiceState;
    const text = context.activity.text?.trim() ?? '';
    const all = optionsOf(options.choices);
    const locale = promptLocale(context.activity.locale);
    // After "Do you mean A or B?", "the first one" means A: the narrowed list is read first.
    // A pressed button is that button, before any other reading of its label (a time in "sob., 28 lis, 15:30").
    const pressed = text ? exactChoice(text, all) : undefined;
    if (pressed !== undefined) return this.found(choiceState, all, pressed);
    const other = this.otherAnswer?.(context);
    if (other) {
      delete choiceState.narrowed;
      choiceState.misses = 0;
      return { succeeded: true, value: other };
    }
    const narrowed = choiceState.narrowed;
    if (narrowed && narrowed.length > 1) {
      const within = matchAnswer(text, narrowed.map((i) => all[i] ?? { title: '' }), locale);
      if (within && 'index' in within) return this.found(choiceState, all, narrowed[within.index] ?? 0);
    }
    const match = text ? matchAnswer(text, all, locale) : undefined;
    if (match && 'index' in match) return this.found(choiceState, all, match.index);
    // botbuilder asks twice per turn (activityReceived and continueDialog): the count is kept per
    // text, so the second reading of the same message does not count another miss.
    if (match) choiceState.narrowed = match.ambiguous;
    else {
      delete choiceState.narrowed;
      choiceState.misses = this.missesAfter(choiceState, context);
    }
    return { succeeded: false };
  }

  private missesAfter(state: ChoiceState, context: TurnContext): number {
    const id = context.activity.id ?? context.activity.text ?? '';
    if (state.missedId === id) return state.misses ?? 0;
    state.missedId = id;
    return (state.misses ?? 0) + 1;
  }

  private found(state: ChoiceState, all: ChoiceOption[], index: number): PromptRecognizerResult<FoundChoice> {
    delete state.narrowed;
    state.misses = 0;
    return { succeeded: true, value: { value: all[index]?.title ?? '', index, score: 1 } };
  }

  private async send(context: TurnContext, text: string, buttons: string[]): Promise<void> {
    await context.sendActivity(MessageFactory.suggestedActions(buttons, text, text, InputHints.ExpectingInput));
  }
}
