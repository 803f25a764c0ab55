import { createHash } from 'node:crypto';
import { ActivityTypes, CardFactory, type Activity, type CardAction, type HeroCard } from '../../bots/botFramework';
import { escape } from 'html-escaper';
import { withSenderLine } from '../shared/senderLine';
import { splitText, truncate } from '../shared/text';
import type { ChannelCapabilities } from '../channel';
import { withNumberedFallback } from '../shared/numberedOptions';

export const LIMITS = { text: 4096, caption: 1024, callbackData: 64, buttonText: 40, inlineButtons: 100 } as const;

/** An inline keyboard holds at most 100 buttons; a bot can write to a chat later, until it is blocked. */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = { maxSuggestedActions: LIMITS.inlineButtons, reachesCustomerLater: true };
/** Prefix of callback data that names a value stored server-side (the value was over 64 bytes). */
export const STORED_PREFIX = 'k:';

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export type TelegramCall =
  | { method: 'sendMessage'; payload: { text: string; parse_mode: 'HTML'; reply_markup?: { inline_keyboard: InlineButton[][] } } }
  | { method: 'sendPhoto'; payload: { photo: string; caption?: string; parse_mode: 'HTML'; reply_markup?: { inline_keyboard: InlineButton[][] } } };

export interface RenderedActivity {
  calls: TelegramCall[];
  /** Long button values referenced by key; the adapter stores them before sending. */
  storedValues: Record<string, string>;
}

/** Callback data for a button: the value itself when it fits Telegram's 64 bytes, else a stable key. */
export function callbackDataFor(value: string): { data: string; stored?: [string, string] } {
  if (Buffer.byteLength(value, 'utf8') <= LIMITS.callbackData) return { data: value };
  const key = `${STORED_PREFIX}${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;
  return { data: key, stored: [key, value] };
}

function keyboard(actions: CardAction[], stored: Record<string, string>): InlineButton[][] {
  return actions.map((action) => {
    const title = truncate(String(action.title ?? action.value ?? ''), LIMITS.buttonText);
    if (action.type === 'openUrl') return [{ text: title, url: String(action.value) }];
    const { data, stored: kept } = callbackDataFor(String(action.value ?? action.title ?? ''));
    if (kept) stored[kept[0]] = kept[1];
    return [{ text: title, callback_data: data }];
  });
}

/**
 * One bot Activity → Bot API calls (pure). Text goes out in HTML parse mode with everything
 * escaped, split at 4096 characters on paragraph boundaries; suggested actions become an inline
 * keyboard on the last message; a hero card becomes a photo with caption and buttons.
 */
export function renderForTelegram(reply: Partial<Activity>): RenderedActivity {
  const storedValues: Record<string, string> = {};
  if (reply.type !== ActivityTypes.Message) return { calls: [], storedValues };
  const activity = withNumberedFallback({ ...reply, text: withSenderLine(reply) }, TELEGRAM_CAPABILITIES.maxSuggestedActions);
  const calls: TelegramCall[] = splitText(activity.text ?? '', LIMITS.text).map((part) => ({ method: 'sendMessage', payload: { text: escape(part), parse_mode: 'HTML' } }));
  const cards = (activity.attachments ?? []).filter((a) => a.contentType === CardFactory.contentTypes.heroCard).map((a) => a.content as HeroCard);
  for (const card of cards) {
    const caption = [card.title ? `<b>${escape(card.title)}</b>` : '', escape([card.subtitle, card.text].filter(Boolean).join('\n'))].filter(Boolean).join('\n');
    const markup = card.buttons?.length ? { reply_markup: { inline_keyboard: keyboard(card.buttons, storedValues) } } : {};
    const image = card.images?.[0]?.url;
    if (image) calls.push({ method: 'sendPhoto', payload: { photo: image, caption: truncate(caption, LIMITS.caption), parse_mode: 'HTML', ...markup } });
    else calls.push({ method: 'sendMessage', payload: { text: caption || ' ', parse_mode: 'HTML', ...markup } });
  }
  const actions = activity.suggestedActions?.actions ?? [];
  const last = calls.at(-1);
  if (actions.length > 0) {
    const markup = { inline_keyboard: keyboard(actions, storedValues) };
    if (last && !last.payload.reply_markup) last.payload.reply_markup = markup;
    else calls.push({ method: 'sendMessage', payload: { text: '…', parse_mode: 'HTML', reply_markup: markup } });
  }
  return { calls, storedValues };
}
