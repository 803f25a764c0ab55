import type { Locale } from '../../bots/config';
import de from './knowledgeBase.de.json';
import en from './knowledgeBase.en.json';
import pl from './knowledgeBase.pl.json';

/** A topic id of the knowledge base (`opening-hours`); the knowledge base's files define them. */
export type FaqTopic = string;

export interface FaqEntry {
  topic: FaqTopic;
  title: string;
  answer: string;
  /** Ways customers ask for it; the NLU model trains on these. */
  paraphrases: string[];
}

/** Where FAQ answers come from; a shop swaps in its own (CMS, helpdesk) by implementing this. */
export interface FaqService {
  entries(locale: Locale): FaqEntry[];
  entry(topic: FaqTopic, locale: Locale): FaqEntry | undefined;
}

/** One file per locale: topic id → title, answer and the ways customers ask for it. */
export type KnowledgeBaseFile = Readonly<Record<FaqTopic, { title: string; answer: string; paraphrases: string[] }>>;
const sampleShop: Record<Locale, KnowledgeBaseFile> = { en, de, pl };

/**
 * A knowledge base from JSON files, one per locale (the sample shop's, next to this one, by
 * default). Its topics are the files' keys, in the order the English file lists them.
 */
export class JsonFaqService implements FaqService {
  constructor(private readonly files: Partial<Record<Locale, KnowledgeBaseFile>> = sampleShop) {}

  topics(): FaqTopic[] {
    const seen = new Set<FaqTopic>();
    for (const file of [this.files.en, ...Object.values(this.files)]) for (const topic of Object.keys(file ?? {})) seen.add(topic);
    return [...seen];
  }

  entries(locale: Locale): FaqEntry[] {
    return this.topics().flatMap((topic) => {
      const entry = this.entry(topic, locale);
      return entry ? [entry] : [];
    });
  }

  entry(topic: FaqTopic, locale: Locale): FaqEntry | undefined {
    const raw = Object.hasOwn(this.files[locale] ?? {}, topic) ? this.files[locale]?.[topic] : undefined;
    return raw ? { topic, ...raw } : undefined;
  }
}
