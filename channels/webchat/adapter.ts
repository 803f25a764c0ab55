import { ActivityTypes, TurnContext, type Activity, type ChannelAccount, type ResourceResponse } from '../../bots/botFramework';
import type { DeliversIntoStore, StoredDelivery } from '../../bots/outbox/inlineDelivery';
import type { LoadedTurnState } from '../../bots/state/turnState';
import { readWithTurn } from '../../bots/state/withTurn';
import { ChannelAdapter } from '../shared/channelAdapter';
import type { ConversationLog } from './conversationLog';
import { renderForWebChat } from './renderer';

export const WEBCHAT_CHANNEL_ID = 'webchat';

/** Traces are for the Emulator, and Direct Line has no invoke replies: neither reaches the client. */
function reachesClient(activity: Partial<Activity>): boolean {
  return activity.type !== ActivityTypes.Trace && activity.type !== ActivityTypes.InvokeResponse;
}

/**
 * The web chat's bot adapter: turns run through the shared middleware, and whatever the bot
 * sends is appended to the conversation's log, from where polling clients and WebSocket streams
 * read it. Nothing is pushed to a platform, so sends cannot fail for network reasons.
 */
export class WebChatAdapter extends ChannelAdapter implements DeliversIntoStore {
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

  /** The log's header is read with the turn's state, so the replies can be appended in its save. */
  protected override prepareTurn(context: TurnContext): void {
    const conversationId = context.activity.conversation?.id;
    if (conversationId) readWithTurn(context, this.log.headerKeyOf(conversationId));
  }

  /** The replies as log items for the turn's save; undefined (sent the usual way) when one is a delay. */
  deliveryItems(context: TurnContext, activities: Partial<Activity>[], loaded: LoadedTurnState): StoredDelivery | undefined {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId || activities.some((activity) => activity.type === 'delay')) return undefined;
    const shown = activities.filter(reachesClient).map((activity) => this.stamped(activity));
    const prepared = this.log.prepareAppend(conversationId, shown, loaded.sideItem(this.log.headerKeyOf(conversationId)));
    return prepared && { items: prepared.items, delivered: prepared.appended };
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
      if (!reachesClient(activity)) continue;
      if (activity.type === 'delay') {
        // A delay separates what comes before it from what comes after, as on other channels.
        await flush();
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        continue;
      }
      pending.push({ index, activity: this.stamped(activity) });
    }
    await flush();
    return responses;
  }

  private stamped(activity: Partial<Activity>): Partial<Activity> {
    const rendered = renderForWebChat(activity);
    return { ...rendered, channelId: WEBCHAT_CHANNEL_ID, serviceUrl: this.serviceUrl, from: rendered.from?.id ? rendered.from : this.bot, timestamp: new Date() };
  }
}
