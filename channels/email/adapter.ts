import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { TurnLogic } from '../channel';
import { EMAIL_CHANNEL_ID } from './inbound';

const REPLIES = Symbol('switchboard.email.replies');

/** Delivers one turn's replies as one e-mail; `turnKey` makes its Message-ID stable across retries. */
export type DeliverTurn = (conversationId: string, replies: Partial<Activity>[], turnKey: string, locale: string | undefined) => Promise<void>;

/**
 * Runs turns for e-mail threads. Mail is not a chat: every reply of a turn is collected and goes
 * out as one e-mail when the turn ends (through the outbox, see outbox.ts).
 */
export class EmailAdapter extends BotAdapter {
  constructor(
    private readonly deliver: DeliverTurn,
    private readonly serviceUrl: string,
  ) {
    super();
  }

  async processActivity(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    const context = new TurnContext(this, activity);
    const replies: Partial<Activity>[] = [];
    context.turnState.set(REPLIES, replies);
    await this.runMiddleware(context, logic);
    const conversationId = activity.conversation?.id;
    if (replies.length === 0 || !conversationId) return;
    await this.deliver(conversationId, replies, activity.id ?? randomUUID(), context.activity.locale);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(REPLIES) as Partial<Activity>[] | undefined;
    if (!replies) throw new Error('EmailAdapter.sendActivities(): called outside a turn this adapter runs');
    const messages = activities.filter((activity) => activity.type === ActivityTypes.Message);
    replies.push(...messages);
    return activities.map(() => ({ id: randomUUID() }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('EmailAdapter.updateActivity(): a sent e-mail cannot be changed');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('EmailAdapter.deleteActivity(): a sent e-mail cannot be recalled');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const event = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      { ...reference, channelId: EMAIL_CHANNEL_ID, serviceUrl: this.serviceUrl },
      true,
    );
    await this.processActivity(event, logic);
  }
}
