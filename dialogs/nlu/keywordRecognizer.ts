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
    cancel: ['cancel', 'stop', 'quit', 'never mind', 'nevermind', 'abort', 'forget it', 'cancel that', 'cancel it'],
    handover: ['agent', 'human', 'person', 'operator'],
  },
  de: {
    greeting: ['hallo', 'hi', 'guten tag', 'guten morgen', 'servus', 'moin'],
    help: ['hilfe', 'menü', 'menu', 'was kannst du'],
    cancel: ['abbrechen', 'stopp', 'stop', 'abbruch', 'vergiss es', 'lass es'],
    handover: ['mitarbeiter', 'mensch', 'berater'],
  },
  pl: {
    greeting: ['cześć', 'czesc', 'dzień dobry', 'dzien dobry', 'witam', 'hej'],
    help: ['pomoc', 'menu', 'co potrafisz'],
    cancel: ['anuluj', 'stop', 'przerwij', 'koniec', 'nie wazne', 'nieważne', 'niewazne', 'rezygnuje', 'rezygnuję'],
    handover: ['konsultant', 'człowiek', 'czlowiek', 'pracownik'],
  },
};

// "cancel please", "bitte abbrechen": the courtesy word around a command is not part of it.
const COURTESY = /^(?:(?:please|bitte|prosze|proszę|ok|okay|actually)[\s,]+)+|(?:[\s,]+(?:please|bitte|prosze|proszę|then|dann))+$/gu;

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/[!?.,;:]+$/u, '').replace(COURTESY, '').replace(/\s+/g, ' ');
}

/** Commands that still count as the last part of a longer message ("actually forget it, cancel"). */
const TRAILING: readonly Intent[] = ['cancel', 'handover'];

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
    const last = normalise(text.split(/[,.;!]+/u).filter((part) => part.trim()).at(-1) ?? '');
    if (last !== said) {
      for (const candidate of order) {
        for (const intent of TRAILING) if (COMMANDS[candidate][intent]?.includes(last)) return { intent, score: 1 };
      }
    }
    return { intent: 'none', score: 0 };
  }
}
