import { CardFactory, type Attachment, type HeroCard } from '../../bots/botFramework';

/**
 * Plain text → Markdown that shows exactly that text (pure). For clients that read card text as
 * Markdown (Web Chat and the Emulator render hero card title, subtitle and text through markdown-it
 * with HTML, linkify and typographer on, and cards have no textFormat), so a customer's name such as
 * `[pay here](https://evil.example)` or `<b>x</b>` would otherwise become a link or bold text.
 *
 * Hand-written because no Markdown escaper is installed (html-escaper and he are for HTML only):
 * CommonMark lets any ASCII punctuation be backslash-escaped, so escaping all of it needs no
 * knowledge of which character starts what. An escaped character is its own token in markdown-it,
 * which also keeps linkify ("evil.example", "a@b.com") and typographer ("(c)", "--") off it.
 */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/**
 * Web Chat's markdown-it-attrs reads an attribute list between these two brackets (its ariaLabel
 * plugin), which would swallow "Eve ⟬x⟭" down to "Eve"; as character references they stay text.
 */
const ATTRIBUTE_BRACKETS = /[\u27ec\u27ed]/g;

/** One line of plain text as Markdown inline text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(ASCII_PUNCTUATION, (char) => `\\${char}`)
    .replace(ATTRIBUTE_BRACKETS, (bracket) => `&#x${bracket.charCodeAt(0).toString(16).toUpperCase()};`);
}

/**
 * Plain text with line breaks as Markdown with the same lines: each line escaped and trimmed
 * (leading spaces would start a code block, trailing ones a line break), lines ended with a hard
 * break (two spaces), blank lines kept as paragraph breaks.
 */
export function plainTextAsMarkdown(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(line.replace(/\s+/g, ' ').trim()))
    .join('\n')
    .replace(/\n{2,}/g, '\n\n')
    .replace(/([^\n])\n(?=[^\n])/g, '$1  \n')
    .trim();
}

/** Card types with a plain title, subtitle and text (Web Chat renders all three as Markdown). */
export const TEXT_CARDS: ReadonlySet<string> = new Set([CardFactory.contentTypes.heroCard, CardFactory.contentTypes.thumbnailCard]);

/** A card's plain title, subtitle and text as Markdown that shows them as written, one line per line. */
export function cardTextAsMarkdown(attachment: Attachment): Attachment {
  if (!TEXT_CARDS.has(attachment.contentType) || typeof attachment.content !== 'object' || attachment.content === null) return attachment;
  const card = attachment.content as HeroCard;
  const escaped: HeroCard = { ...card };
  if (typeof card.title === 'string') escaped.title = plainTextAsMarkdown(card.title);
  if (typeof card.subtitle === 'string') escaped.subtitle = plainTextAsMarkdown(card.subtitle);
  if (typeof card.text === 'string') escaped.text = plainTextAsMarkdown(card.text);
  return { ...attachment, content: escaped };
}
