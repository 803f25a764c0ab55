import { ActivityTypes, type Activity, type CardAction } from '../../bots/botFramework';

/** Options shown as numbered lines, where a channel has no buttons (e-mail) or too many (Messenger over 13). */
export interface NumberedOptions {
  /** "1. Fitting (45 min)", one per option. */
  lines: string[];
  /** What each option says, as shown. */
  titles: string[];
  /** What choosing each option answers; a reply of "N" selects values[N-1]. */
  values: string[];
  /** "Reply with 1, 2 or 3." in the reply's language, falling back to English. */
  hint: string;
}

const titleOf = (action: CardAction) => String(action.title ?? action.value ?? '');

function replyHint(count: number, locale: string | undefined): string {
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
  const language = (locale ?? 'en').slice(0, 2);
  const list = new Intl.ListFormat(language, { type: 'disjunction' }).format(numbers);
  const phrases: Record<string, string> = { de: `Antworten Sie mit ${list}.`, pl: `Proszę odpowiedzieć: ${list}.` };
  return phrases[language] ?? `Reply with ${list}.`;
}

export function numberedOptions(actions: readonly CardAction[], locale: string | undefined): NumberedOptions {
  const titles = actions.map(titleOf);
  return {
    lines: titles.map((title, i) => `${i + 1}. ${title}`),
    titles,
    values: actions.map((action) => String(action.value ?? action.title ?? '')),
    hint: replyHint(actions.length, locale),
  };
}

/** "2", "2." or "2)" picks the second numbered option the last reply offered. */
export function selectedOption(text: string, values: readonly string[]): string | undefined {
  const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  if (!match) return undefined;
  return values[Number(match[1]) - 1];
}

/**
 * More suggested actions than the channel shows as buttons become numbered lines under the text,
 * with how to answer; the dialogs' choice reading takes "2" or the option's words either way.
 */
export function withNumberedFallback(activity: Partial<Activity>, maxSuggestedActions: number): Partial<Activity> {
  const actions = activity.suggestedActions?.actions ?? [];
  if (activity.type !== ActivityTypes.Message || actions.length <= maxSuggestedActions) return activity;
  const options = numberedOptions(actions, activity.locale);
  const { suggestedActions: _shownAsText, ...rest } = activity;
  return { ...rest, text: `${[activity.text, ...options.lines].filter(Boolean).join('\n')}\n\n${options.hint}` };
}
