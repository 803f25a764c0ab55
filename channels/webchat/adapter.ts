import { ActivityTypes, TurnContext, type Activity, type ChannelAccount, type ResourceResponse } from '../../bots/botFramework';
import { ChannelAdapter } from '../shared/channelAdapter';
import type { ConversationLog } from './conversationLog';
import { renderForWebChat } from './renderer';

export const WEBCHAT_CHANNEL_ID = 'webchat';

/**
 * The web chat's bot adapter: turns run through the shared middleware, and whatever the bot
 * sends is appended to the conversation's log, from where polling clients and WebSocket streams
 * read it. Nothing is pushed to a platform, so sends cannot fail for network reasons.
 */
export class WebChatAdapter extends ChannelAdapter {
  readonly channelId = WEBCHAT_CHANNEL_ID;

  constructor(
    private readonly log: ConversationLog,
    readonly bot: ChannelAccount,
    private readonly origin: () => string,
  ) {
    super();
  }

  /** This server's own origin, stamped on every activity (known only once the server listens). */
  get serviceUrl(): string {
    return this.origin();
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) throw new Error('WebChatAdapter.sendActivities(): the turn has no conversation');
    // Answers line up with `activities`; skipped ones get an empty id, as on Azure's channels.
    const responses: ResourceResponse[] = activities.map(() => ({ id: '' }));
    let pending: { index: number; activity: Partial<Activity> }[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const stored = await this.log.append(conversationId, batch.map((entry) => entry.activity));
      batch.forEach((entry, i) => (responses[entry.index] = { id: stored[i]?.id ?? '' }));
    };
    for (const [index, activity] of activities.entries()) {
      // Traces are for the Emulator, and Direct Line has no invoke replies: neither reaches the client.
      if (activity.type === ActivityTypes.Trace || activity.type === ActivityTypes.InvokeResponse) continue;
      if (activity.type === 'delay') {
        // A delay separates what comes before it from what comes after, as on other channels.
        await flush();
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        continue;
      }
      const rendered = renderForWebChat(activity);
      pending.push({
        index,
        activity: {
          ...rendered,
          channelId: WEBCHAT_CHANNEL_ID,
          serviceUrl: this.serviceUrl,
          from: rendered.from?.id ? rendered.from : this.bot,
          timestamp: new Date(),
        },
      });
    }
    await flush();
    return responses;
  }
}
