import type { ConfirmPrompt as StockConfirmPrompt } from '../../bots/botFramework';
import de from './hints.de.json';
import en from './hints.en.json';
import pl from './hints.pl.json';
import type { PromptLocale } from './text';

type Hints = typeof en;

/** Per-locale retry hints; typed against en.json, so a key missing in de or pl fails to compile. */
const HINTS: Readonly<Record<PromptLocale, Hints>> = { en, de, pl };

export type HintKey = Exclude<keyof Hints, 'confirmChoices'>;

/** The default retry text for `key`, used when the caller passes no `retryPrompt`. */
export function hint(locale: PromptLocale, key: HintKey): string {
  return HINTS[locale][key];
}

type ChoiceDefaults = NonNullable<ConstructorParameters<typeof StockConfirmPrompt>[3]>;

/**
 * Yes/no buttons per culture for botbuilder's ConfirmPrompt, which looks them up by the culture
 * `PromptCultureModels.mapToNearestLanguage` makes of the activity's locale: "en" → "en-us",
 * "de" → "de-de", while "pl" stays "pl" (botbuilder has no Polish model). Unknown cultures fall
 * back to "en-us", so that key must stay.
 */
export function confirmChoiceDefaults(): ChoiceDefaults {
  const entry = (locale: PromptLocale): ChoiceDefaults[string] => {
    const { yes, no, separator, or, orMore } = HINTS[locale].confirmChoices;
    return { choices: [yes, no], options: { inlineSeparator: separator, inlineOr: or, inlineOrMore: orMore, includeNumbers: true } };
  };
  return { 'en-us': entry('en'), en: entry('en'), 'de-de': entry('de'), de: entry('de'), pl: entry('pl'), 'pl-pl': entry('pl') };
}
