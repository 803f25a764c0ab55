import type { Locale } from '../../bots/config';

export const INTENTS = ['greeting', 'faq', 'booking', 'returns', 'handover', 'cancel', 'help', 'none'] as const;
export type Intent = (typeof INTENTS)[number];

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
