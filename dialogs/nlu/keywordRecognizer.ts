import type { Locale } from '../../bots/config';
import type { Intent, IntentRecognizer, IntentResult } from './intents';

/**
 * Whole-message keywords for the global commands every locale must always understand, even
 * before (or without) a trained model: "cancel", "help", "hi" and their translations.
 */
const COMMANDS: Record<Locale, Partial<Record<Intent, string[]>>> = {
  en: {
    greeting: ['hi', 'hello', 'hey', 'good morning', 'good afternoon', 'good evening'],
    help: ['help', 'menu', 'what can you do'],
    cancel: ['cancel', 'stop', 'quit', 'never mind', 'nevermind', 'abort'],
    handover: ['agent', 'human', 'person', 'operator'],
  },
  de: {
    greeting: ['hallo', 'hi', 'guten tag', 'guten morgen', 'servus', 'moin'],
    help: ['hilfe', 'menü', 'menu', 'was kannst du'],
    cancel: ['abbrechen', 'stopp', 'stop', 'abbruch', 'vergiss es'],
    handover: ['mitarbeiter', 'mensch', 'berater'],
  },
  pl: {
    greeting: ['cześć', 'czesc', 'dzień dobry', 'dzien dobry', 'witam', 'hej'],
    help: ['pomoc', 'menu', 'co potrafisz'],
    cancel: ['anuluj', 'stop', 'przerwij', 'koniec'],
    handover: ['konsultant', 'człowiek', 'czlowiek', 'pracownik'],
  },
};

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/[!?.,;:]+$/u, '').replace(/\s+/g, ' ');
}

/** The customer's locale first, then the others: "help" still works after switching to German. */
export class KeywordRecognizer implements IntentRecognizer {
  async recognize(text: string, locale: Locale): Promise<IntentResult> {
    const said = normalise(text);
    const order = [locale, ...(Object.keys(COMMANDS) as Locale[]).filter((l) => l !== locale)];
    for (const candidate of order) {
      for (const [intent, words] of Object.entries(COMMANDS[candidate]) as [Intent, string[]][]) {
        if (words.includes(said)) return { intent, score: 1 };
      }
    }
    return { intent: 'none', score: 0 };
  }
}
