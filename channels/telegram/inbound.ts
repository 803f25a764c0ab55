import { ActivityTypes, type Activity, type Attachment } from '../../bots/botFramework';
import type { Update } from 'telegraf/types';

export const TELEGRAM_CHANNEL_ID = 'telegram';
export const CONTACT_CONTENT_TYPE = 'application/vnd.telegram.contact';

export interface BotIdentity {
  id: number;
  username: string;
}

export type InboundResult =
  | { kind: 'turn'; activity: Partial<Activity>; chatId: number; callbackQueryId?: string; keyboardMessageId?: number }
  | { kind: 'skip'; reason: string; callbackQueryId?: string };

interface AnyMessage {
  message_id: number;
  date: number;
  chat: { id: number; type: string };
  from?: { id: number; first_name?: string; username?: string; language_code?: string; is_bot?: boolean };
  text?: string;
  caption?: string;
  entities?: { type: string; offset: number; length: number }[];
  reply_to_message?: { from?: { id: number } };
  /** `user_id` is the Telegram account the card belongs to, when it is one. */
  contact?: { phone_number: string; first_name?: string; user_id?: number };
  location?: { latitude: number; longitude: number };
  photo?: { file_id: string; width: number }[];
  document?: { file_id: string; file_name?: string; mime_type?: string };
}

/**
 * In groups the bot only speaks when spoken to: a /command, an @mention of the bot, or a reply to
 * one of its messages. Private chats are always addressed.
 */
function addressed(message: AnyMessage, bot: BotIdentity): { yes: boolean; text: string } {
  const text = message.text ?? message.caption ?? '';
  if (message.chat.type === 'private') return { yes: true, text };
  const mention = `@${bot.username}`;
  if (text.toLowerCase().includes(mention.toLowerCase())) return { yes: true, text: text.replace(new RegExp(mention, 'ig'), '').trim() };
  if (message.reply_to_message?.from?.id === bot.id) return { yes: true, text };
  if (text.startsWith('/')) return { yes: true, text: text.replace(/@\w+/, '') };
  return { yes: false, text };
}

function attachmentsOf(message: AnyMessage): Attachment[] {
  const found: Attachment[] = [];
  if (message.contact) found.push({ contentType: CONTACT_CONTENT_TYPE, content: message.contact });
  if (message.location) found.push({ contentType: 'application/vnd.geo+json', content: { lat: message.location.latitude, long: message.location.longitude } });
  const photo = message.photo?.reduce((best, p) => (p.width > best.width ? p : best));
  if (photo) found.push({ contentType: 'image/jpeg', content: { fileId: photo.file_id } });
  if (message.document) found.push({ contentType: message.document.mime_type ?? 'application/octet-stream', name: message.document.file_name, content: { fileId: message.document.file_id } });
  return found;
}

/**
 * One Telegram update → an Activity (pure). The activity id is the update_id, which Telegram
 * keeps on redelivery, so the pipeline's dedupe answers each update once. Button presses
 * (callback_query) become the chosen value as the customer's message.
 */
export function toActivity(update: Update, bot: BotIdentity, serviceUrl: string, resolveCallbackData: (data: string) => string | undefined): InboundResult {
  const id = String(update.update_id);
  const base = (chatId: number, from: NonNullable<AnyMessage['from']>, date: number): Partial<Activity> => ({
    id,
    channelId: TELEGRAM_CHANNEL_ID,
    serviceUrl,
    conversation: { id: String(chatId), isGroup: chatId < 0, conversationType: chatId < 0 ? 'group' : 'personal', name: '' },
    from: { id: String(from.id), name: from.first_name ?? from.username ?? '', role: 'user' },
    recipient: { id: String(bot.id), name: bot.username, role: 'bot' },
    timestamp: new Date(date * 1000),
    ...(from.language_code ? { locale: from.language_code } : {}),
  });

  if ('callback_query' in update) {
    const query = update.callback_query;
    const data = 'data' in query ? query.data : undefined;
    const message = query.message as AnyMessage | undefined;
    if (!message || data === undefined) return { kind: 'skip', reason: 'callback without message or data', callbackQueryId: query.id };
    const value = resolveCallbackData(data);
    if (value === undefined) return { kind: 'skip', reason: 'button of an expired keyboard', callbackQueryId: query.id };
    return {
      kind: 'turn',
      chatId: message.chat.id,
      callbackQueryId: query.id,
      keyboardMessageId: message.message_id,
      activity: { ...base(message.chat.id, query.from, message.date), type: ActivityTypes.Message, text: value },
    };
  }
  if ('edited_message' in update) return { kind: 'skip', reason: 'edited message' };
  if (!('message' in update)) return { kind: 'skip', reason: 'update type not handled' };
  const message = update.message as AnyMessage;
  if (!message.chat || !message.from) return { kind: 'skip', reason: 'message without chat or sender' };
  if (message.from.is_bot) return { kind: 'skip', reason: 'message from a bot' };
  const target = addressed(message, bot);
  if (!target.yes) return { kind: 'skip', reason: 'group message not addressed to the bot' };
  const activity = base(message.chat.id, message.from, message.date);
  const start = /^\/start(?:\s+(\S+))?$/.exec(target.text.trim());
  if (start) {
    return {
      kind: 'turn',
      chatId: message.chat.id,
      activity: { ...activity, type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: String(message.from.id), name: message.from.first_name ?? '' }], ...(start[1] ? { value: { startPayload: start[1] } } : {}) },
    };
  }
  const attachments = attachmentsOf(message);
  if (!target.text && attachments.length === 0) return { kind: 'skip', reason: 'message with nothing the bot can read' };
  return {
    kind: 'turn',
    chatId: message.chat.id,
    activity: { ...activity, type: ActivityTypes.Message, ...(target.text ? { text: target.text } : {}), ...(attachments.length ? { attachments } : {}) },
  };
}
