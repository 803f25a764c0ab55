import type { Locale } from '../bots/config';
import { fold } from './prompts/text';

/** The names customers use for each language, in any of the three languages (folded). */
const NAMES: Record<Locale, string[]> = {
  en: ['english', 'englisch', 'angielski', 'angielsku', 'eng'],
  de: ['deutsch', 'german', 'niemiecki', 'niemiecku', 'deutsche'],
  pl: ['polski', 'polsku', 'polish', 'polnisch', 'polskim'],
};

/** Words around a language request: "can we speak german please", "auf deutsch bitte", "mow po polsku". */
const COURTESY = new Set([
  'moment', 'wait', 'hmm', 'ok', 'okay', 'actually', 'czy', 'oh', 'sorry', 'entschuldigung', 'prosze', 'please', 'pls', 'can', 'could', 'we', 'you', 'speak', 'talk', 'write', 'in', 'lets', 'let', 'us', 'switch', 'change', 'to', 'language', 'i', 'prefer', 'would', 'like', 'rather', 'do', 'continue', 'answer', 'me',
  'bitte', 'auf', 'konnen', 'koennen', 'wir', 'sie', 'du', 'sprechen', 'schreiben', 'reden', 'sprache', 'ich', 'mochte', 'moechte', 'lieber', 'gerne', 'weiter', 'spreche', 'sprichst',
  'po', 'prosze', 'mow', 'mowmy', 'mowic', 'mozesz', 'pisz', 'piszmy', 'rozmawiajmy', 'rozmawiac', 'porozmawiac', 'mozemy', 'chce', 'wole', 'jezyk', 'na', 'zmien', 'przejdzmy', 'dalej', 'ja',
]);

/**
 * The locale a message asks to switch to, or undefined when it is not such a request: a language
 * name with nothing but courtesy words around it, so "do you ship to germany" or "ich spreche
 * deutsch und brauche hilfe" stay questions.
 */
export function requestedLocale(text: string, supported: readonly Locale[]): Locale | undefined {
  const words = fold(text).split(/[^\p{L}]+/u).filter(Boolean);
  if (words.length === 0 || words.length > 7) return undefined;
  const named = supported.filter((locale) => words.some((w) => NAMES[locale].includes(w)));
  if (named.length !== 1) return undefined;
  const [locale] = named;
  return words.every((w) => COURTESY.has(w) || (locale && NAMES[locale].includes(w))) ? locale : undefined;
}
