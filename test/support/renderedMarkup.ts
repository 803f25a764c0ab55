import MarkdownIt from 'markdown-it';
import markdownItAttrs from 'markdown-it-attrs-es5';
import { Parser } from 'htmlparser2';

/** What a piece of HTML shows: the tags it opens and its text with character references decoded. */
export interface Shown {
  tags: string[];
  text: string;
}

/** Reads HTML as a browser shows it, for these purposes: entities decoded, `<br>` as a line break. */
export function shownByHtml(html: string): Shown {
  const tags: string[] = [];
  let text = '';
  const onopentag = (name: string) => {
    tags.push(name);
    if (name === 'br') text += '\n';
  };
  const parser = new Parser({ onopentag, ontext: (chunk) => (text += chunk) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return { tags, text };
}

/**
 * Markdown as Web Chat 4.18 renders card text (botframework-webchat src/markdown/renderMarkdown.ts:
 * markdown-it 13 with these options and its aria-label attribute plugin; the sanitiser after it
 * only removes, so what it would keep is already visible here). Lines and paragraphs end in "\n".
 */
export function shownByWebChatMarkdown(markdown: string): Shown {
  const md = new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true }).use(markdownItAttrs, {
    allowedAttributes: ['aria-label'],
    leftDelimiter: '\u27ec',
    rightDelimiter: '\u27ed',
  });
  // markdown-it writes "<br />\n"; the newline after it is not shown.
  const shown = shownByHtml(md.render(markdown).replace(/<br \/>\n/g, '<br />'));
  return { tags: shown.tags, text: shown.text.trim() };
}
