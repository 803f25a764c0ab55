import { ActivityTypes, CardFactory, type Activity, type CardAction, type HeroCard } from 'botbuilder';
import type { GenericElement, OutgoingMessage, QuickReply } from './wireTypes';

/** Messenger Platform limits (Send API reference). */
export const LIMITS = { text: 2000, quickReplies: 13, quickReplyTitle: 20, payload: 1000, elements: 10, buttons: 3, elementTitle: 80, elementSubtitle: 80, buttonTitle: 20 } as const;

/** Shortens to `max` characters at a word boundary where one is near, marking the cut with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space >= max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Splits long text into parts of at most `max`, preferring paragraph, then line, then word breaks. */
export function splitText(text: string, max: number = LIMITS.text): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const at = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > max / 2) ?? max;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

const valueOf = (action: CardAction) => String(action.value ?? action.title ?? '');

function quickReplies(actions: CardAction[]): QuickReply[] {
  return actions.map((action) => ({
    content_type: 'text',
    title: truncate(String(action.title ?? valueOf(action)), LIMITS.quickReplyTitle),
    payload: valueOf(action).slice(0, LIMITS.payload),
  }));
}

function element(card: HeroCard): GenericElement {
  const buttons = (card.buttons ?? []).slice(0, LIMITS.buttons).map((b) =>
    b.type === 'openUrl'
      ? { type: 'web_url' as const, title: truncate(String(b.title), LIMITS.buttonTitle), url: String(b.value) }
      : { type: 'postback' as const, title: truncate(String(b.title), LIMITS.buttonTitle), payload: valueOf(b).slice(0, LIMITS.payload) },
  );
  const subtitle = [card.subtitle, card.text].filter(Boolean).join('\n');
  return {
    title: truncate(card.title || subtitle || ' ', LIMITS.elementTitle),
    ...(subtitle && card.title ? { subtitle: truncate(subtitle, LIMITS.elementSubtitle) } : {}),
    ...(card.images?.[0]?.url ? { image_url: card.images[0].url } : {}),
    ...(buttons.length ? { buttons } : {}),
  };
}

/**
 * One bot Activity → the Messenger messages that show it best (pure). Suggested actions become
 * quick replies on the last message; more than 13 become a numbered list the customer answers
 * with a number or the option's text. Hero cards become a generic template (at most 10).
 */
export function renderForMessenger(activity: Partial<Activity>): OutgoingMessage[] {
  if (activity.type !== ActivityTypes.Message) return [];
  const actions = activity.suggestedActions?.actions ?? [];
  const numbered = actions.length > LIMITS.quickReplies;
  let text = activity.text ?? '';
  if (numbered) text = [text, ...actions.map((a, i) => `${i + 1}. ${String(a.title ?? valueOf(a))}`)].filter(Boolean).join('\n');
  const messages: OutgoingMessage[] = splitText(text).map((part) => ({ text: part }));
  const heroCards = (activity.attachments ?? []).filter((a) => a.contentType === CardFactory.contentTypes.heroCard).map((a) => a.content as HeroCard);
  for (let i = 0; i < heroCards.length; i += LIMITS.elements) {
    messages.push({ attachment: { type: 'template', payload: { template_type: 'generic', elements: heroCards.slice(i, i + LIMITS.elements).map(element) } } });
  }
  const last = messages.at(-1);
  if (actions.length > 0 && !numbered && last) last.quick_replies = quickReplies(actions);
  return messages;
}
