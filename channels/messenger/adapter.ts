import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from '../../bots/botFramework';
import type { Logger } from '../../bots/logger';
import { PartialDeliveryError } from '../../bots/outbox/deliveryErrors';
import { isProactiveTurn } from '../../bots/pipeline/proactiveTurn';
import { humanAgentOf } from '../shared/senderLine';
import { ChannelAdapter } from '../shared/channelAdapter';
import { GraphApiError, type GraphClient } from './client';
import { MESSENGER_CHANNEL_ID } from './inbound';
import { OutsideMessagingWindowError, type MessagingWindow } from './messagingWindow';
import { renderForMessenger } from './renderer';

/** When the customer sent the message a turn answers; undefined for a proactive turn (agent replies, retries). */
function customerWroteAt(activity: Partial<Activity>): number | undefined {
  if (isProactiveTurn(activity)) return undefined;
  const at = activity.timestamp ? new Date(activity.timestamp).getTime() : Number.NaN;
  return Number.isFinite(at) ? at : undefined;
}

/** Runs turns for Messenger and sends replies through the Send API within Messenger's policy. */
export class MessengerAdapter extends ChannelAdapter {
  readonly channelId = MESSENGER_CHANNEL_ID;

  constructor(
    private readonly client: GraphClient,
    private readonly window: MessagingWindow,
    readonly serviceUrl: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** A customer's own message (not a proactive turn) opens the window; it is recorded with the turn's save. */
  protected override prepareTurn(context: TurnContext): void {
    const psid = context.activity.from?.id;
    const at = customerWroteAt(context.activity);
    if (psid && at !== undefined) this.window.recordWithTurn(context, psid, at);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    const inboundAt = customerWroteAt(context.activity);
    for (const activity of activities) {
      try {
        responses.push(await this.sendOne(activity, activity.recipient?.id === context.activity.from?.id ? inboundAt : undefined));
      } catch (err) {
        // The ones before went out: a retry starts after them (bots/outbox).
        throw responses.length > 0 ? new PartialDeliveryError(responses.length, err) : err;
      }
    }
    return responses;
  }

  private async sendOne(activity: Partial<Activity>, inboundAt: number | undefined): Promise<ResourceResponse> {
    const psid = activity.recipient?.id;
    if (!psid) throw new Error('MessengerAdapter.sendActivities(): activity has no recipient');
    if (activity.type === ActivityTypes.Typing) {
      await this.client.send({ recipient: { id: psid }, messaging_type: 'RESPONSE', sender_action: 'typing_on' }).catch((err: unknown) => this.logFailure(psid, err));
      return { id: '' };
    }
    const messages = renderForMessenger(activity);
    if (messages.length === 0) return { id: '' };
    const permission = await this.window.permission(psid, humanAgentOf(activity) !== undefined, inboundAt);
    if (!permission.allowed) {
      this.logger.warn({ channel: MESSENGER_CHANNEL_ID, psid, reason: permission.reason }, 'message not sent');
      throw new OutsideMessagingWindowError(psid, permission.reason);
    }
    let lastId = '';
    for (const message of messages) {
      try {
        const sent = await this.client.send({
          recipient: { id: psid },
          messaging_type: permission.messagingType,
          ...(permission.messagingType === 'MESSAGE_TAG' ? { tag: 'HUMAN_AGENT' as const } : {}),
          message,
        });
        lastId = sent.message_id ?? lastId;
      } catch (err) {
        this.logFailure(psid, err);
        throw err;
      }
    }
    return { id: lastId };
  }

  /** Tells the customer their message was seen; failures only get logged. */
  async markSeen(psid: string): Promise<void> {
    await this.client.send({ recipient: { id: psid }, messaging_type: 'RESPONSE', sender_action: 'mark_seen' }).catch((err: unknown) => this.logFailure(psid, err));
  }

  private logFailure(psid: string, err: unknown): void {
    const graph = err instanceof GraphApiError ? { status: err.status, code: err.code, subcode: err.subcode } : {};
    this.logger.error({ err, channel: MESSENGER_CHANNEL_ID, psid, ...graph }, 'Send API call failed');
  }
}
