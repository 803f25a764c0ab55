import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from '../../bots/botFramework';
import { PartialDeliveryError } from '../../bots/outbox/deliveryErrors';
import { isProactiveTurn } from '../../bots/pipeline/proactiveTurn';
import { setSharedContact } from '../../bots/pipeline/verifiedContact';
import type { ManagedStorage } from '../../bots/state/types';
import { ChannelAdapter } from '../shared/channelAdapter';
import type { TelegramSendQueue } from './client';
import { CONTACT_CONTENT_TYPE, TELEGRAM_CHANNEL_ID } from './inbound';
import { renderForTelegram, STORED_PREFIX } from './renderer';

const storedKey = (key: string) => `telegram/callback/${key}`;
/** Keyboards older than this may point at forgotten values; the press is then ignored politely. */
const STORED_VALUE_TTL_SECONDS = 30 * 24 * 60 * 60;

/** Runs turns for Telegram chats and sends replies through the per-chat send queue (one call at a time per chat, short retries); what still fails goes back to the durable outbox (bots/outbox). */
export class TelegramAdapter extends ChannelAdapter {
  readonly channelId = TELEGRAM_CHANNEL_ID;

  constructor(
    private readonly sendQueue: TelegramSendQueue,
    private readonly storage: ManagedStorage,
    readonly serviceUrl: string,
  ) {
    super();
  }

  /**
   * A chat that writes has unblocked the bot: its "unreachable" mark is lifted with the turn's
   * save. A shared contact card is the sender's own number only when its user id is the sender's.
   */
  protected override prepareTurn(context: TurnContext): void {
    const activity = context.activity;
    const chatId = Number(activity.conversation?.id);
    if (Number.isFinite(chatId) && !isProactiveTurn(activity)) this.sendQueue.markReachable(context, chatId);
    const card = activity.attachments?.find((a) => a.contentType === CONTACT_CONTENT_TYPE)?.content as { phone_number?: unknown; user_id?: unknown } | undefined;
    if (card && typeof card.phone_number === 'string') {
      setSharedContact(context.turnState, { phone: card.phone_number, own: card.user_id !== undefined && String(card.user_id) === activity.from?.id });
    }
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    // A turn the customer started (not a proactive one, such as an agent's reply) answers a chat
    // whose "unreachable" mark this turn lifts (prepareTurn).
    const inbound = context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.ConversationUpdate;
    const inboundFrom = inbound ? context.activity.conversation?.id : undefined;
    for (const activity of activities) {
      try {
        responses.push(await this.sendOne(activity, inboundFrom));
      } catch (err) {
        // The ones before went out: a retry starts after them (bots/outbox).
        throw responses.length > 0 ? new PartialDeliveryError(responses.length, err) : err;
      }
    }
    return responses;
  }

  private async sendOne(activity: Partial<Activity>, inboundFrom: string | undefined): Promise<ResourceResponse> {
    const chatId = Number(activity.conversation?.id);
    if (!Number.isFinite(chatId)) throw new Error('TelegramAdapter.sendActivities(): activity has no Telegram chat id');
    const knownReachable = inboundFrom !== undefined && inboundFrom === activity.conversation?.id;
    if (activity.type === ActivityTypes.Typing) {
      await this.sendQueue.send(chatId, 'sendChatAction', { action: 'typing' }, knownReachable);
      return { id: '' };
    }
    const { calls, storedValues } = renderForTelegram(activity);
    const stored = Object.entries(storedValues);
    if (stored.length > 0) {
      await this.storage.write(Object.fromEntries(stored.map(([key, value]) => [storedKey(key), { value, ttl: STORED_VALUE_TTL_SECONDS }])));
    }
    let lastId = '';
    for (const call of calls) {
      const sent = await this.sendQueue.send<{ message_id?: number }>(chatId, call.method, call.payload, knownReachable);
      lastId = sent?.message_id !== undefined ? String(sent.message_id) : lastId;
    }
    return { id: lastId };
  }

  /** The value behind a button's callback data, or undefined when a stored one has expired. */
  async callbackValue(data: string): Promise<string | undefined> {
    if (!data.startsWith(STORED_PREFIX)) return data;
    const item = (await this.storage.read([storedKey(data)]))[storedKey(data)] as { value?: string } | undefined;
    return item?.value;
  }

  /** After a choice is made its keyboard goes away, so old buttons cannot be pressed twice. */
  async removeKeyboard(chatId: number, messageId: number): Promise<void> {
    await this.sendQueue.send(chatId, 'editMessageReplyMarkup', { message_id: messageId, reply_markup: { inline_keyboard: [] } });
  }
}
