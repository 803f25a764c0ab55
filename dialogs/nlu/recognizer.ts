import { containerBootstrap } from '@nlpjs/core';
import { LangDe } from '@nlpjs/lang-de';
import { LangEn } from '@nlpjs/lang-en-min';
import { LangPl } from '@nlpjs/lang-pl';
import { Nlp } from '@nlpjs/nlp';
import { detect } from 'tinyld';
import type { Locale } from '../../bots/config';
import type { FaqService, FaqTopic } from '../faq/faqService';
import de from './corpus/de.json';
import en from './corpus/en.json';
import pl from './corpus/pl.json';
import type { IntentRecognizer, IntentResult } from './intents';
import { fold } from '../prompts/text';

/** Where the dialogs' intents and their examples come from (the dialog registry). */
export interface IntentCatalog {
  intents(): string[];
  examples(locale: Locale): Record<string, readonly string[]>;
}

/** The intents every conversation has, whichever dialogs are registered; their examples are in corpus/. */
type CoreCorpus = Record<'greeting' | 'cancel' | 'none', string[]>;
const corpora: Record<Locale, CoreCorpus> = { en, de, pl };
const FAQ_INTENT = 'faq';
const FAQ_PREFIX = 'faq.';
const MAX_TEXT = 1000;

interface Classification {
  intent: string;
  score: number;
}
interface NlpResult {
  intent?: string;
  score?: number;
  classifications?: Classification[];
}
interface NlpEngine {
  addLanguage(locale: string): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<NlpResult>;
  settings: Record<string, unknown>;
}

/** What the NLU made of one message (the `nlu` command prints this). */
export interface Analysis {
  text: string;
  locale: Locale;
  /** An intent of the catalog, `greeting`, `cancel` or `none`. */
  intent: string;
  faq: FaqTopic | null;
  score: number;
  /** The best FAQ topics, for "did you mean…" choices when the top one is uncertain. */
  topFaq: { topic: FaqTopic; score: number }[];
}

/**
 * Intents and FAQ topics with nlp.js, trained in-process from the core corpus, the registered
 * dialogs' examples and the knowledge base's paraphrases. Training runs once, on first use, so
 * start-up stays fast.
 */
export class NluRecognizer implements IntentRecognizer {
  private engine: Promise<NlpEngine> | undefined;
  private readonly known: ReadonlySet<string>;

  constructor(
    private readonly faq: FaqService,
    private readonly locales: readonly Locale[],
    private readonly fallbackLocale: Locale,
    private readonly catalog: IntentCatalog,
  ) {
    this.known = new Set([...Object.keys(corpora.en), ...catalog.intents()]);
  }

  /** Trains now (optional: the first `analyse` trains otherwise). */
  warmUp(): Promise<void> {
    return this.model().then(() => undefined);
  }

  async recognize(text: string, locale: Locale): Promise<IntentResult> {
    const analysis = await this.analyse(text, locale);
    return { intent: analysis.intent, score: analysis.score, ...(analysis.faq ? { faq: analysis.faq } : {}) };
  }

  async analyse(text: string, locale?: Locale): Promise<Analysis> {
    const chosen = locale && this.locales.includes(locale) ? locale : this.detectLocale(text);
    const utterance = text.trim().slice(0, MAX_TEXT);
    if (!utterance) return { text, locale: chosen, intent: 'none', faq: null, score: 1, topFaq: [] };
    const result = await (await this.model()).process(chosen, utterance);
    const classifications = result.classifications ?? [];
    const best = result.intent ?? 'None';
    const topFaq = classifications
      .filter((c) => c.intent.startsWith(FAQ_PREFIX))
      .map((c) => ({ topic: c.intent.slice(FAQ_PREFIX.length), score: c.score }))
      .slice(0, 3);
    const score = result.score ?? 0;
    if (best.startsWith(FAQ_PREFIX)) {
      const topic = best.slice(FAQ_PREFIX.length);
      return { text, locale: chosen, intent: 'faq', faq: topic, score, topFaq };
    }
    const intent = this.known.has(best) ? best : 'none';
    return { text, locale: chosen, intent, faq: null, score: intent === 'none' && best === 'None' ? 1 - score : score, topFaq };
  }

  /** The customer's language from the text alone; short or mixed text falls back to the default. */
  detectLocale(text: string): Locale {
    return this.guessLocale(text) ?? this.fallbackLocale;
  }

  /** The language of `text` when the detector is sure enough, else undefined. */
  guessLocale(text: string): Locale | undefined {
    const guess = detect(text, { only: [...this.locales] });
    return this.locales.find((locale) => locale === guess);
  }

  private model(): Promise<NlpEngine> {
    this.engine ??= this.train();
    return this.engine;
  }

  private async train(): Promise<NlpEngine> {
    const container = await containerBootstrap();
    // Registered before the NLU plugin so its default (log: true, printing every epoch) is not used.
    container.registerConfiguration(
      'nlu-??',
      { keepStopwords: true, nonefeatureValue: 1, nonedeltaMultiplier: 1.2, spellCheck: true, spellCheckDistance: 1, filterZeros: true, log: false },
      true,
    );
    container.use(Nlp);
    container.use(LangEn);
    container.use(LangDe);
    container.use(LangPl);
    const nlp = container.get<NlpEngine>('nlp');
    nlp.settings.autoSave = false;
    for (const locale of this.locales) {
      nlp.addLanguage(locale);
      // nlp.js's model depends on the order documents come in; greetings first and cancel/none last
      // is the order the corpus was tuned with.
      const { greeting, ...closing } = corpora[locale];
      const examples = { greeting, ...this.catalog.examples(locale), ...closing };
      for (const [intent, utterances] of Object.entries(examples)) {
        for (const utterance of withFolded(utterances)) nlp.addDocument(locale, utterance, intent);
      }
      // Questions are trained per topic, from the knowledge base, when a dialog answers them.
      if (!this.known.has(FAQ_INTENT)) continue;
      for (const entry of this.faq.entries(locale)) {
        for (const utterance of withFolded([entry.title, ...entry.paraphrases])) nlp.addDocument(locale, utterance, `${FAQ_PREFIX}${entry.topic}`);
      }
    }
    await nlp.train();
    return nlp;
  }
}

/** Each utterance, and its copy without diacritics when that differs: customers type "zuruckgeben", "zwrocic". */
function withFolded(utterances: readonly string[]): string[] {
  return utterances.flatMap((u) => {
    const folded = fold(u);
    return folded === u.toLowerCase() ? [u] : [u, folded];
  });
}
