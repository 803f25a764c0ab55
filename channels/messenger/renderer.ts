import { ActivityTypes, CardFactory, type Activity, type CardAction, type HeroCard } from '../../bots/botFramework';
import type { ChannelCapabilities } from '../channel';
import { withNumberedFallback } from '../shared/numberedOptions';
import { withSenderLine } from '../shared/senderLine';
import { splitText, truncate } from '../shared/text';
import type { GenericElement, OutgoingMessage, QuickReply } from './wireTypes';

export { splitText, truncate };

/** Messenger Platform limits (Send API reference). */
export const LIMITS = { text: 2000, quickReplies: 13, quickReplyTitle: 20, payload: 1000, elements: 10, buttons: 3, elementTitle: 80, elementSubtitle: 80, buttonTitle: 20 } as const;

/** Quick replies are the buttons; a Page can write to the customer later (within Messenger's policy). */
export const MESSENGER_CAPABILITIES: ChannelCapabilities = { maxSuggestedActions: LIMITS.quickReplies, reachesCustomerLater: true };

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
 * with a number or the option's text. Hero cards become a generic template (at most 10), or
 * a text message when they have neither image nor buttons.
 */
export function renderForMessenger(reply: Partial<Activity>): OutgoingMessage[] {
  if (reply.type !== ActivityTypes.Message) return [];
  const activity = withNumberedFallback({ ...reply, text: withSenderLine(reply) }, MESSENGER_CAPABILITIES.maxSuggestedActions);
  const actions = activity.suggestedActions?.actions ?? [];
  const text = activity.text ?? '';
  const messages: OutgoingMessage[] = splitText(text, LIMITS.text).map((part) => ({ text: part }));
  const heroCards = (activity.attachments ?? []).filter((a) => a.contentType === CardFactory.contentTypes.heroCard).map((a) => a.content as HeroCard);
  // A card of text alone (the booking summary) is a message: a template's subtitle keeps 80 characters.
  const textOnly = (card: HeroCard) => !card.images?.length && !card.buttons?.length;
  for (const card of heroCards.filter(textOnly)) {
    messages.push(...splitText([card.title, card.subtitle, card.text].filter(Boolean).join('\n'), LIMITS.text).map((part) => ({ text: part })));
  }
  const templateCards = heroCards.filter((card) => !textOnly(card));
  for (let i = 0; i < templateCards.length; i += LIMITS.elements) {
    messages.push({ attachment: { type: 'template', payload: { template_type: 'generic', elements: templateCards.slice(i, i + LIMITS.elements).map(element) } } });
  }
  const last = messages.at(-1);
  if (actions.length > 0 && last) last.quick_replies = quickReplies(actions);
  return messages;
}
