import type { Activity } from 'botbuilder';
import { KNOWN_LOCALES } from '../../bots/config';
import { JsonFaqService } from '../../dialogs/faq/faqService';
import { PLURAL_SUFFIXES, templates } from '../../dialogs/locales';
import de from '../../dialogs/prompts/hints.de.json';
import en from '../../dialogs/prompts/hints.en.json';
import pl from '../../dialogs/prompts/hints.pl.json';

/** Which template a reply was made from: its key and language. */
export interface ReplyKey {
  key: string;
  locale: string;
}

interface Pattern extends ReplyKey {
  regex: RegExp;
  /** Characters of fixed text: the most specific template wins when several match. */
  literal: number;
  /** Whether the template begins with fixed text; one that begins with a value ("{{item}}: …") matches too easily. */
  anchored: boolean;
}

const hints = { en, de, pl } as const;
const PLURAL_FORM = new RegExp(`_(?:${PLURAL_SUFFIXES.join('|')})$`, 'u');

function flatten(tree: unknown, prefix: string, out: [string, string][]): [string, string][] {
  if (typeof tree === 'string') out.push([prefix, tree]);
  else if (tree && typeof tree === 'object') {
    for (const [name, value] of Object.entries(tree)) flatten(value, prefix ? `${prefix}.${name}` : name, out);
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function pattern(key: string, locale: string, template: string): Pattern | undefined {
  const parts = template.split(/\{\{\s*[\w.]+\s*\}\}/u);
  const literal = parts.join('').trim().length;
  // One-word templates ("Yes", "Refund") are button labels; as a reply they would match too much.
  if (literal < 12) return undefined;
  // A prefix match: prompts may append their choices inline ("Shall I book this? (1) Yes or (2) No").
  return { key, locale, literal, anchored: (parts[0] ?? '').trim().length > 0, regex: new RegExp(`^${parts.map(escape).join('[\\s\\S]*?')}`, 'u') };
}

function buildPatterns(): Pattern[] {
  const faq = new JsonFaqService();
  const patterns: (Pattern | undefined)[] = [];
  for (const locale of KNOWN_LOCALES) {
    // A plural form ("handover.queued_few") answers to its base key, the one scripts and dialogs name.
    for (const [key, text] of flatten(templates[locale], '', [])) patterns.push(pattern(key.replace(PLURAL_FORM, ''), locale, text));
    for (const [key, text] of flatten(hints[locale], 'hint', [])) patterns.push(pattern(key, locale, text));
    for (const entry of faq.entries(locale)) patterns.push(pattern(`faq:${entry.topic}`, locale, entry.answer));
  }
  return patterns.filter((p): p is Pattern => p !== undefined).sort((a, b) => Number(b.anchored) - Number(a.anchored) || b.literal - a.literal);
}

let patterns: Pattern[] | undefined;

/** The template `reply` was made from, or `card` for an attachment; undefined for a text no template makes. */
export function replyKey(reply: Partial<Activity>): ReplyKey | undefined {
  const text = (reply.text ?? '').trim();
  if (!text && (reply.attachments?.length ?? 0) > 0) return { key: 'card', locale: '' };
  patterns ??= buildPatterns();
  const found = patterns.find((p) => p.regex.test(text));
  return found ? { key: found.key, locale: found.locale } : undefined;
}

/** Everything a customer sees of a reply, for `"contains"` checks. */
export function visibleText(reply: Partial<Activity>): string {
  const buttons = reply.suggestedActions?.actions.map((a) => `${a.title ?? ''} ${String(a.value ?? '')}`) ?? [];
  const cards = reply.attachments?.map((a) => JSON.stringify(a.content ?? '')) ?? [];
  return [reply.text ?? '', ...buttons, ...cards].join('\n');
}
