import { ActivityTypes, type Activity, type Attachment } from '../../bots/botFramework';
import type { MessagingEvent } from './wireTypes';

export const MESSENGER_CHANNEL_ID = 'facebook';

export type InboundResult = { kind: 'turn'; activity: Partial<Activity>; psid: string } | { kind: 'skip'; reason: string };

/**
 * One webhook messaging event → an Activity (pure). Echoes, deliveries and reads are not turns.
 * The activity id is the message id (mid), which Meta keeps when it redelivers, so the pipeline's
 * dedupe drops a redelivery.
 */
export function toActivity(event: MessagingEvent, pageId: string, serviceUrl: string): InboundResult {
  const psid = event.sender?.id;
  if (!psid) return { kind: 'skip', reason: 'event has no sender.id' };
  if (event.message?.is_echo) return { kind: 'skip', reason: 'echo of our own message' };
  if (event.delivery !== undefined || event.read !== undefined) return { kind: 'skip', reason: 'delivery or read receipt' };
  const base: Partial<Activity> = {
    channelId: MESSENGER_CHANNEL_ID,
    serviceUrl,
    conversation: { id: `${pageId}-${psid}`, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: psid, name: '', role: 'user' },
    recipient: { id: pageId, name: '', role: 'bot' },
    timestamp: new Date(event.timestamp ?? Date.now()),
  };
  if (event.message) {
    const { mid, text, quick_reply: quickReply, attachments } = event.message;
    if (!mid) return { kind: 'skip', reason: 'message has no mid' };
    const mapped: Attachment[] = (attachments ?? []).flatMap((a): Attachment[] => {
      if (a.type === 'location' && a.payload?.coordinates) return [{ contentType: 'application/vnd.geo+json', content: a.payload.coordinates }];
      return a.payload?.url ? [{ contentType: a.type === 'image' ? 'image/*' : `application/vnd.facebook.${a.type ?? 'file'}`, contentUrl: a.payload.url }] : [];
    });
    // A quick reply carries the choice's value as payload; the dialogs read it as the text.
    const said = quickReply?.payload ?? text;
    if (!said && mapped.length === 0) return { kind: 'skip', reason: 'message with nothing in it' };
    return { kind: 'turn', psid, activity: { ...base, type: ActivityTypes.Message, id: mid, ...(said ? { text: said } : {}), ...(mapped.length ? { attachments: mapped } : {}) } };
  }
  if (event.postback) {
    const payload = event.postback.payload ?? event.postback.title ?? '';
    const id = event.postback.mid ?? `postback-${psid}-${event.timestamp ?? ''}`;
    // "Get Started" opens the conversation: the bot greets as on any channel.
    if (payload === 'GET_STARTED') {
      return { kind: 'turn', psid, activity: { ...base, id, type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: psid, name: '' }] } };
    }
    return { kind: 'turn', psid, activity: { ...base, id, type: ActivityTypes.Message, text: payload } };
  }
  if (event.referral) {
    return { kind: 'turn', psid, activity: { ...base, id: `referral-${psid}-${event.timestamp ?? ''}`, type: ActivityTypes.Event, name: 'referral', value: event.referral } };
  }
  return { kind: 'skip', reason: 'unsupported messaging event' };
}
