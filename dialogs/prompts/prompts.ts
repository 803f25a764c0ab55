import type { TurnContext, PromptOptions, PromptRecognizerResult, PromptValidator } from '../../bots/botFramework';
import { atWallClock, formatWallClock, referenceTime } from './clock';
import { recognizeEmail, recognizePhone } from './contact';
import { recognizeDateTime, type RecognizedDateTime } from './dateTimeResolve';
import { LocalePrompt, type LocalePromptState, type Reading } from './localePrompt';
import { recognizeNumber } from './numbers';
import type { PromptLocale } from './text';

/*
 * Prompts built on our recognisers. Import them from here, not from botbuilder-dialogs: the names
 * match the stock prompts on purpose so a dialog reads the same, but these understand German and
 * Polish and never throw for a locale the stock ones lack.
 */

export interface DateTimePromptSettings {
  /** IANA zone the answer is read in, normally the shop's TIMEZONE. */
  timeZone: string;
  /** The current time; tests pass a fixed one. */
  clock?: () => Date;
  /**
   * Ask again for a clock time when only a day was given ("tomorrow"); the day is remembered, so
   * "at 10" on the next turn completes it.
   */
  requireTime?: boolean;
}

interface DateTimeState extends LocalePromptState {
  /** `YYYY-MM-DD` from an answer that named a day but no time, kept while asking for the time. */
  pendingDate?: string;
}

/** Asks for a date and/or time; resolves to a `RecognizedDateTime` in the configured time zone. */
export class DateTimePrompt extends LocalePrompt<RecognizedDateTime> {
  constructor(
    dialogId: string,
    private readonly settings: DateTimePromptSettings,
    validator?: PromptValidator<RecognizedDateTime>,
  ) {
    super(dialogId, 'datetime', validator);
    // Fail at start-up, not on a customer's first answer.
    referenceTime(new Date(), settings.timeZone);
  }

  /** `validations: { day: 'YYYY-MM-DD' }` asks for the time on a day already known ("What time on Friday?"). */
  protected override async onRecognize(context: TurnContext, state: object, options: PromptOptions): Promise<PromptRecognizerResult<RecognizedDateTime>> {
    const day = (options.validations as { day?: unknown } | undefined)?.day;
    const dateState = state as DateTimeState;
    if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(day)) dateState.pendingDate ??= day;
    return super.onRecognize(context, state, options);
  }

  protected override read(text: string, locale: PromptLocale, state: DateTimeState): Reading<RecognizedDateTime> {
    const now = (this.settings.clock ?? (() => new Date()))();
    const found = recognizeDateTime(text, locale, now, this.settings.timeZone);
    if (!found) return { hint: state.pendingDate ? 'datetimeNeedsTime' : 'datetime' };
    const completed = state.pendingDate && found.hasTime && !found.hasDate ? this.withPendingDate(state.pendingDate, found.value) : found;
    if (this.settings.requireTime && !completed.hasTime) {
      state.pendingDate = completed.value.slice(0, 10);
      return { hint: 'datetimeNeedsTime' };
    }
    // pendingDate stays: the dialog ends with this answer, and `read` must give the same result
    // when botbuilder asks twice in one turn.
    return { value: completed };
  }

  private withPendingDate(pendingDate: string, value: string): RecognizedDateTime {
    const [year, month, day] = pendingDate.split('-').map(Number);
    const [hour, minute] = value.slice(11).split(':').map(Number);
    const date = { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
    // Through the time zone again, so a time the clocks skip on that day is moved as elsewhere.
    const wall = atWallClock(date, { hour: hour ?? 0, minute: minute ?? 0 }, this.settings.timeZone);
    return { value: formatWallClock(wall), hasDate: true, hasTime: true };
  }
}

/** Asks for a number: "23,5" and "zwei" in German, "1 234,5" and "dwa" in Polish, "23.5" in English. */
export class NumberPrompt extends LocalePrompt<number> {
  constructor(dialogId: string, validator?: PromptValidator<number>) {
    super(dialogId, 'number', validator);
  }

  protected override read(text: string, locale: PromptLocale): Reading<number> {
    const value = recognizeNumber(text, locale);
    return value === null ? { hint: 'number' } : { value };
  }
}

/** Asks for an e-mail address; resolves to the address as typed. */
export class EmailPrompt extends LocalePrompt<string> {
  constructor(dialogId: string, validator?: PromptValidator<string>) {
    super(dialogId, 'email', validator);
  }

  protected override read(text: string): Reading<string> {
    const value = recognizeEmail(text);
    return value === null ? { hint: 'email' } : { value };
  }
}

/** Asks for a phone number; resolves to E.164, reading national numbers in the locale's country. */
export class PhonePrompt extends LocalePrompt<string> {
  constructor(dialogId: string, validator?: PromptValidator<string>) {
    super(dialogId, 'phone', validator);
  }

  protected override read(text: string, locale: PromptLocale): Reading<string> {
    const value = recognizePhone(text, locale);
    return value === null ? { hint: 'phone' } : { value };
  }
}
