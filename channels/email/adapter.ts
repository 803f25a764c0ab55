import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { deliveringEntry } from '../../bots/outbox/replySender';
import type { TurnLogic } from '../channel';
import { EMAIL_CHANNEL_ID } from './inbound';

/**
 * Sends one turn's replies as one e-mail. `replyKey` is stable across retries of the same replies
 * (the pipeline's idempotency key), so a mail sent again after a crash keeps its Message-ID and the
 * customer's mail client shows it once.
 */
export type SendTurnMail = (conversationId: string, replies: Partial<Activity>[], replyKey: string, locale: string | undefined) => Promise<void>;

/**
 * Runs turns for e-mail threads. Mail is not a chat: the pipeline hands over each turn's replies
 * together (bots/outbox keeps them until they are sent, and retries), and they go out as one e-mail.
 */
export class EmailAdapter extends BotAdapter {
  constructor(
    private readonly sendMail: SendTurnMail,
    private readonly serviceUrl: string,
  ) {
    super();
  }

  async processActivity(activity: Partial<Activity>, logic: TurnLogic): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const messages = activities.filter((activity) => activity.type === ActivityTypes.Message);
    const conversationId = context.activity.conversation?.id;
    if (messages.length > 0 && conversationId) {
      const entry = deliveringEntry(context);
      // Outside the pipeline's outbox (the error policy's apology) there is nothing to retry under.
      const replyKey = entry ? `${entry.key}${entry.from > 0 ? `#${entry.from}` : ''}` : `${context.activity.id ?? ''}#${randomUUID()}`;
      await this.sendMail(conversationId, messages, replyKey, context.activity.locale);
    }
    return activities.map(() => ({ id: '' }));
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
