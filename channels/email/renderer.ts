import { ActivityTypes, CardFactory, type Activity, type CardAction, type HeroCard } from '../../bots/botFramework';
import { escape } from 'html-escaper';
import type { ChannelCapabilities } from '../channel';
import { numberedOptions } from '../shared/numberedOptions';
import { humanAgentOf } from '../shared/senderLine';
import { unsubscribeOf } from '../../dialogs/unsubscribe';

export interface RenderedEmail {
  text: string;
  html: string;
  /** Values of the numbered options, in order; a reply of "N" selects choices[N-1]. */
  choices: string[];
  /** The one-click unsubscribe link of a marketing message, for its List-Unsubscribe header. */
  unsubscribeUrl?: string;
}

/** Mail has no buttons: every option is a numbered line. A mailbox can be written to later. */
export const EMAIL_CAPABILITIES: ChannelCapabilities = { maxSuggestedActions: 0, reachesCustomerLater: true };

/** Header values must never carry a line break (header injection) or other control characters. */
export function headerSafe(value: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

const paragraphsHtml = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

function cardBlock(card: HeroCard, links: CardAction[]): { text: string; html: string } {
  const image = card.images?.[0]?.url;
  const body = [card.subtitle, card.text].filter((part): part is string => Boolean(part));
  const text = [card.title ?? '', ...body, ...links.map((link) => `${String(link.title ?? link.value)}: ${String(link.value)}`)].filter(Boolean).join('\n');
  const html = [
    '<div style="border:1px solid #ddd;border-radius:6px;padding:12px;margin:12px 0;max-width:480px">',
    image ? `<img src="${escape(image)}" alt="${escape(card.title ?? '')}" style="max-width:100%">` : '',
    card.title ? `<h3 style="margin:8px 0">${escape(card.title)}</h3>` : '',
    ...body.map((part) => paragraphsHtml(part)),
    ...links.map((link) => `<p><a href="${escape(String(link.value))}">${escape(String(link.title ?? link.value))}</a></p>`),
    '</div>',
  ];
  return { text, html: html.filter(Boolean).join('\n') };
}

/** The link's label in the mail's language (as numberedOptions' hint: the renderer has no templates of its own). */
const UNSUBSCRIBE_LABEL: Record<string, string> = { en: 'Unsubscribe', de: 'Abmelden', pl: 'Wypisz się' };

/** The activity's text; a person's message is signed with their name, as people sign mail. */
function signed(activity: Partial<Activity>): string {
  const text = activity.text?.trim() ?? '';
  const agent = humanAgentOf(activity);
  return agent === undefined || !text ? text : `${text}\n\n— ${agent}`;
}

/**
 * A turn's replies → one e-mail (pure). Text paragraphs are escaped into HTML; hero cards become a
 * block with image and links; buttons and suggested actions — which mail cannot have — become one
 * numbered list at the end with a "Reply with 1, 2 or 3" hint.
 */
export function renderEmail(activities: readonly Partial<Activity>[], locale?: string): RenderedEmail {
  const texts: string[] = [];
  const htmls: string[] = [];
  // Only the last question of a turn is answerable: a later activity's options replace earlier ones.
  let lastOptions: CardAction[] = [];
  let unsubscribeUrl: string | undefined;
  for (const activity of activities) {
    if (activity.type !== ActivityTypes.Message) continue;
    unsubscribeUrl ??= unsubscribeOf(activity)?.url;
    const said = signed(activity);
    if (said) {
      texts.push(said);
      htmls.push(paragraphsHtml(said));
    }
    const options: CardAction[] = [];
    for (const attachment of activity.attachments ?? []) {
      if (attachment.contentType !== CardFactory.contentTypes.heroCard) continue;
      const card = attachment.content as HeroCard;
      const buttons = card.buttons ?? [];
      const block = cardBlock(card, buttons.filter((b) => b.type === 'openUrl'));
      texts.push(block.text);
      htmls.push(block.html);
      options.push(...buttons.filter((b) => b.type !== 'openUrl'));
    }
    options.push(...(activity.suggestedActions?.actions ?? []));
    if (options.length > 0) lastOptions = options;
  }
  const options = numberedOptions(lastOptions, locale);
  if (lastOptions.length > EMAIL_CAPABILITIES.maxSuggestedActions) {
    texts.push(`${options.lines.join('\n')}\n\n${options.hint}`);
    htmls.push(`<ol>\n${options.titles.map((title) => `<li>${escape(title)}</li>`).join('\n')}\n</ol>\n<p>${escape(options.hint)}</p>`);
  }
  // Mail providers want the way out visible in the mail as well as in the header.
  if (unsubscribeUrl) {
    const label = UNSUBSCRIBE_LABEL[(locale ?? 'en').slice(0, 2)] ?? 'Unsubscribe';
    texts.push(`${label}: ${unsubscribeUrl}`);
    htmls.push(`<p style="font-size:smaller"><a href="${escape(unsubscribeUrl)}">${escape(label)}</a></p>`);
  }
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">\n${htmls.join('\n')}\n</body></html>\n`;
  return { text: `${texts.join('\n\n')}\n`, html, choices: options.values, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) };
}
