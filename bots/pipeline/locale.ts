import type { Middleware, TurnContext } from '../botFramework';
import type { Locale } from '../config';
import { StateProperty } from '../state/turnState';

/** The customer's language as remembered in user state. */
export interface LocalePreference {
  locale: Locale;
  /** True when the customer chose it ("Deutsch", "po polsku"); a choice outranks what a client sends. */
  explicit: boolean;
}

export const localePreference = new StateProperty<LocalePreference>('user', 'localePreference');

const TURN_LOCALE = Symbol('switchboard.locale');

/** Maps "de-DE", "pl_PL", "EN" to a supported two-letter locale, or undefined. */
export function normaliseLocale(raw: string | undefined, supported: readonly Locale[]): Locale | undefined {
  if (!raw) return undefined;
  const language = raw.trim().toLowerCase().split(/[-_]/)[0];
  return supported.find((locale) => locale === language);
}

/**
 * Picks the turn's locale: a language the customer chose explicitly, else the activity's locale
 * (the client's language), else the language remembered from earlier turns, else the default.
 * The explicit choice comes first because clients such as Web Chat send the browser's language
 * on every activity, which would otherwise undo "Deutsch, bitte".
 */
export function chooseLocale(
  activityLocale: string | undefined,
  saved: LocalePreference | undefined,
  supported: readonly Locale[],
  fallback: Locale,
): Locale {
  const savedLocale = saved ? normaliseLocale(saved.locale, supported) : undefined;
  if (saved?.explicit && savedLocale) return savedLocale;
  return normaliseLocale(activityLocale, supported) ?? savedLocale ?? fallback;
}

export function turnLocale(context: TurnContext, fallback: Locale): Locale {
  const locale: unknown = context.turnState.get(TURN_LOCALE);
  return typeof locale === 'string' ? (locale as Locale) : fallback;
}

/** Switches the rest of this turn to `locale` (after the customer chose a language). */
export function setTurnLocale(context: TurnContext, locale: Locale): void {
  context.turnState.set(TURN_LOCALE, locale);
  context.activity.locale = locale;
}

/** Sets the turn's locale on the activity (so stock prompts use it) and remembers it for the customer. */
export type LanguageDetector = (text: string) => Locale | undefined;

/** Shorter messages ("ok", "hi") say too little about their language to guess it. */
const MIN_DETECTABLE_LENGTH = 12;
/** A message must be at least this long, in characters and words, to outrank the client's locale. */
const MIN_CLEAR_LENGTH = 24;
const MIN_CLEAR_WORDS = 5;
/** Of those words, this many must be longer than three letters: short ones ("abc", "xgb") are as often codes as words. */
const MIN_CLEAR_LONG_WORDS = 4;

export class LocaleMiddleware implements Middleware {
  constructor(
    private readonly supported: readonly Locale[],
    private readonly fallback: Locale,
    private readonly detect?: LanguageDetector,
  ) {}

  private clearlyWritten(text: string): Locale | undefined {
    // Names say nothing about the writer's language ("Consultation in Kraków Stare Miasto please",
    // "My name is Jan Kowalski"): capitalised words after the first are left out of the guess, and so
    // are codes and numbers ("cancel my booking k7m p2q" once read as Polish).
    const words = text
      .trim()
      .split(/\s+/u)
      .filter((word, i) => (i === 0 || !/^\p{Lu}/u.test(word)) && !/\d/u.test(word));
    const rest = words.join(' ');
    const longWords = words.filter((word) => word.replace(/[^\p{L}]/gu, '').length > 3).length;
    if (!this.detect || rest.length < MIN_CLEAR_LENGTH || words.length < MIN_CLEAR_WORDS || longWords < MIN_CLEAR_LONG_WORDS) return undefined;
    return this.detect(rest);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const saved = await localePreference.get(context);
    const text = context.activity.text ?? '';
    // Channels such as email send no locale: the first long enough message tells the language.
    const detected = !context.activity.locale && !saved && this.detect && text.length >= MIN_DETECTABLE_LENGTH ? this.detect(text) : undefined;
    let locale = chooseLocale(context.activity.locale ?? detected, saved, this.supported, this.fallback);
    // A sentence clearly in another supported language outranks the browser's language: the
    // customer is writing it. It is kept as their choice until they clearly write another one.
    const written = this.clearlyWritten(text);
    if (written) {
      locale = written;
      if (saved?.locale !== written || !saved.explicit) await localePreference.set(context, { locale, explicit: true });
    }
    context.turnState.set(TURN_LOCALE, locale);
    context.activity.locale = locale;
    if (context.activity.from?.id && saved?.locale !== locale && !saved?.explicit && !written) {
      await localePreference.set(context, { locale, explicit: false });
    }
    await next();
  }
}
