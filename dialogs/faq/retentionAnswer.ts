import type { Locale } from '../../bots/config';
import type { RetentionDays } from '../../bots/state/retention';
import { t } from '../locales';
import type { FaqEntry, FaqService, FaqTopic } from './faqService';
import './texts';

/** Where an answer says how long things are kept; tolerant of spaces as i18next's own `{{ name }}` is. */
const RETENTION_PLACEHOLDER = /\{\{\s*retention\s*\}\}/gu;

/**
 * How long the bot keeps what a customer leaves with it, in `locale`, from the configured days
 * (RETENTION_DAYS, RETENTION_DAYS_BY_KIND), so the privacy answer cannot drift from what the
 * store's ttls actually do.
 */
export function retentionSentence(locale: Locale, days: RetentionDays): string {
  const span = (count: number) => t(locale, 'faq.retention.days', { count });
  return t(locale, 'faq.retention.sentence', {
    conversations: span(days.conversations),
    tickets: span(days.tickets),
    bookings: span(days.bookings),
    returns: span(days.returns),
    customers: span(days.customers),
  });
}

/**
 * A knowledge base whose answers may say `{{retention}}`, filled with retentionSentence. Only
 * answers are touched: titles and paraphrases are what the NLU trains on and what the topic menu
 * shows, and a shop's own knowledge base without the placeholder comes through unchanged.
 */
export class RetentionAwareFaq implements FaqService {
  constructor(
    private readonly inner: FaqService,
    private readonly days: RetentionDays,
  ) {}

  entries(locale: Locale): FaqEntry[] {
    return this.inner.entries(locale).map((entry) => this.filled(entry, locale));
  }

  entry(topic: FaqTopic, locale: Locale): FaqEntry | undefined {
    const entry = this.inner.entry(topic, locale);
    return entry ? this.filled(entry, locale) : undefined;
  }

  private filled(entry: FaqEntry, locale: Locale): FaqEntry {
    if (!entry.answer.match(RETENTION_PLACEHOLDER)) return entry;
    // A function replacement, so a `$` in the sentence is never read as a group reference.
    const sentence = retentionSentence(locale, this.days);
    return { ...entry, answer: entry.answer.replace(RETENTION_PLACEHOLDER, () => sentence) };
  }
}
