import { ActivityTypes, type Activity, type ChannelAccount } from '../../bots/botFramework';
import { z } from 'zod';
import { WEBCHAT_CHANNEL_ID } from './adapter';

export const MAX_TEXT_LENGTH = 10_000;
/**
 * For what rides along with the text (channelData, value, attachments, entities), measured as JSON:
 * Web Chat sends a few hundred bytes; each activity is kept in the conversation log for good.
 */
export const MAX_EXTRAS_BYTES = 16 * 1024;
export const CLIENT_ACTIVITY_TYPES = ['message', 'event', 'typing'] as const;

/** What a Direct Line client may send; everything that identifies people or places is the server's. */
const clientActivitySchema = z.looseObject({
  // What Web Chat sends; anything else (conversationUpdate, invoke, trace…) is the service's to send.
  type: z.enum(CLIENT_ACTIVITY_TYPES, {
    error: (issue) => (issue.input === undefined ? 'activity.type is required' : `activity.type must be one of ${CLIENT_ACTIVITY_TYPES.join(', ')}`),
  }),
  text: z.string().max(MAX_TEXT_LENGTH, `activity.text is longer than ${MAX_TEXT_LENGTH} characters`).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(35).optional(),
  name: z.string().max(200).optional(),
  value: z.unknown().optional(),
  attachments: z.array(z.looseObject({ contentType: z.string() })).max(10, 'at most 10 attachments').optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  from: z.looseObject({ name: z.string().max(200).optional() }).optional(),
});

export type InboundResult = { ok: true; activity: Partial<Activity> } | { ok: false; reason: string };

export interface InboundScope {
  conversationId: string;
  userId: string;
  bot: ChannelAccount;
  serviceUrl: string;
}

/**
 * Direct Line client activity → Bot Framework Activity (pure). The conversation comes from the
 * URL and the customer's id from the token, never from the body, so one customer cannot speak in
 * another's conversation or under another's name.
 */
export function toActivity(body: unknown, scope: InboundScope, now: Date): InboundResult {
  const parsed = clientActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) return { ok: false, reason: 'invalid activity' };
    const field = issue.path.join('.');
    return { ok: false, reason: issue.message.startsWith('activity.') || !field ? issue.message : `activity.${field}: ${issue.message}` };
  }
  const client = parsed.data;
  const extras = Buffer.byteLength(JSON.stringify([client.channelData, client.value, client.attachments, client.entities]));
  if (extras > MAX_EXTRAS_BYTES) {
    return { ok: false, reason: `activity.channelData, value, attachments and entities take ${extras} bytes together; at most ${MAX_EXTRAS_BYTES}` };
  }
  if (client.type === ActivityTypes.Message && !client.text && !client.attachments?.length && client.value === undefined) {
    return { ok: false, reason: 'a message needs text, attachments or a value' };
  }
  return {
    ok: true,
    activity: {
      type: client.type,
      ...(client.text !== undefined ? { text: client.text } : {}),
      ...(client.textFormat ? { textFormat: client.textFormat } : {}),
      ...(client.locale ? { locale: client.locale } : {}),
      ...(client.name ? { name: client.name } : {}),
      ...(client.value !== undefined ? { value: client.value } : {}),
      ...(client.attachments ? { attachments: client.attachments as Activity['attachments'] } : {}),
      ...(client.entities ? { entities: client.entities as Activity['entities'] } : {}),
      // Web Chat matches its optimistic "sending" bubble to the echo by channelData.clientActivityID.
      ...(client.channelData ? { channelData: client.channelData } : {}),
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl: scope.serviceUrl,
      conversation: { id: scope.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: scope.userId, name: client.from?.name ?? '', role: 'user' },
      recipient: scope.bot,
      timestamp: now,
    },
  };
}

/** The activity that tells the bot a customer opened the chat (Direct Line sends the same). */
export function joinedActivity(scope: InboundScope, locale: string | undefined, now: Date): Partial<Activity> {
  const user: ChannelAccount = { id: scope.userId, name: '', role: 'user' };
  return {
    type: ActivityTypes.ConversationUpdate,
    // One id per conversation: the pipeline's dedupe (committed with the turn) makes the welcome once.
    id: `${scope.conversationId}|joined`,
    channelId: WEBCHAT_CHANNEL_ID,
    serviceUrl: scope.serviceUrl,
    conversation: { id: scope.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: user,
    recipient: scope.bot,
    membersAdded: [scope.bot, user],
    timestamp: now,
    ...(locale ? { locale } : {}),
  };
}
