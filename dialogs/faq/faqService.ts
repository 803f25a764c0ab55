import type { Locale } from '../../bots/config';
import de from './knowledgeBase.de.json';
import en from './knowledgeBase.en.json';
import pl from './knowledgeBase.pl.json';

export const FAQ_TOPICS = [
  'opening-hours', 'shipping-time', 'shipping-cost', 'order-tracking', 'return-policy', 'refund-time',
  'payment-methods', 'warranty', 'contact', 'gift-cards', 'change-order', 'privacy-data',
] as const;
export type FaqTopic = (typeof FAQ_TOPICS)[number];

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

type KnowledgeBaseFile = Record<string, { title: string; answer: string; paraphrases: string[] }>;
const files: Record<Locale, KnowledgeBaseFile> = { en, de, pl };

export function isFaqTopic(value: string): value is FaqTopic {
  return (FAQ_TOPICS as readonly string[]).includes(value);
}

/** The sample shop's knowledge base, from the JSON files next to this one. */
export class JsonFaqService implements FaqService {
  entries(locale: Locale): FaqEntry[] {
    return FAQ_TOPICS.flatMap((topic) => {
      const entry = this.entry(topic, locale);
      return entry ? [entry] : [];
    });
  }

  entry(topic: FaqTopic, locale: Locale): FaqEntry | undefined {
    const raw = files[locale][topic];
    return raw ? { topic, ...raw } : undefined;
  }
}
