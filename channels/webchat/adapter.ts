import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { TurnLogic } from '../channel';
import type { ConversationLog } from './conversationLog';
import { renderForWebChat } from './renderer';

export const WEBCHAT_CHANNEL_ID = 'webchat';

/**
 * The web chat's bot adapter: turns run through the shared middleware, and whatever the bot
 * sends is appended to the conversation's log, from where polling clients and WebSocket streams
 * read it. Nothing is pushed to a platform, so sends cannot fail for network reasons.
 */
export class WebChatAdapter extends BotAdapter {
  constructor(
    private readonly log: ConversationLog,
    readonly bot: ChannelAccount,
    private readonly serviceUrl: string,
  ) {
    super();
  }

  async processActivity(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) throw new Error('WebChatAdapter.sendActivities(): the turn has no conversation');
    const responses: ResourceResponse[] = [];
    const outgoing: Partial<Activity>[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        // A delay separates what comes before it from what comes after, as on other channels.
        if (outgoing.length > 0) responses.push(...(await this.flush(conversationId, outgoing.splice(0))));
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      outgoing.push({
        ...renderForWebChat(activity),
        channelId: WEBCHAT_CHANNEL_ID,
        serviceUrl: this.serviceUrl,
        from: activity.from?.id ? activity.from : this.bot,
        timestamp: new Date(),
      });
    }
    if (outgoing.length > 0) responses.push(...(await this.flush(conversationId, outgoing)));
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('WebChatAdapter.updateActivity(): Direct Line activities cannot be edited');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('WebChatAdapter.deleteActivity(): Direct Line activities cannot be deleted');
  }

  /** Proactive turn (handover replies, reminders) from a stored conversation reference. */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const event = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      { ...reference, channelId: WEBCHAT_CHANNEL_ID, serviceUrl: this.serviceUrl },
      true,
    );
    await this.processActivity(event, logic);
  }

  private async flush(conversationId: string, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const stored = await this.log.append(conversationId, activities);
    return stored.map((activity) => ({ id: activity.id ?? '' }));
  }
}
