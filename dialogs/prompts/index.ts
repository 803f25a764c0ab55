export { ConfirmPrompt } from './confirmPrompt';
export { DateTimePrompt, EmailPrompt, NumberPrompt, PhonePrompt, type DateTimePromptSettings } from './prompts';
export { LocalePrompt } from './localePrompt';
export { hint, type HintKey } from './hints';
export { promptLocale } from './text';
export * from './entities';
export { ChoicePrompt } from './choicePrompt';
export { findMention, findPhrase, matchAnswer, type ChoiceMatch, type ChoiceOption } from './choices';
export { provenYes } from './provenYes';
