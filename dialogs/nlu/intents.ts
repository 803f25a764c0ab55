import type { Locale } from '../../bots/config';

/**
 * What a message asks for: `greeting`, `cancel`, `none` and the commands (`help`) every
 * conversation has, or an intent of a registered dialog (`faq`, `booking`, `returns`, `handover`…).
 */
export type Intent = string;

export interface IntentResult {
  intent: Intent;
  score: number;
  /** The FAQ topic id when intent is 'faq'. */
  faq?: string;
}

/** Turns a customer's message into an intent; the dialogs depend on this, not on a library. */
export interface IntentRecognizer {
  recognize(text: string, locale: Locale): Promise<IntentResult>;
}

/** What the language understanding made of a message, as the dialogs need it. */
export interface Understanding {
  intent: Intent;
  /** FAQ topic id when intent is 'faq' and one topic stands out. */
  faq: string | null;
  score: number;
  /** Best FAQ topics, best first, for "which of these?" when the match is uncertain. */
  topFaq: { topic: string; score: number }[];
}

export interface LanguageUnderstanding {
  analyse(text: string, locale: Locale): Promise<Understanding>;
}
