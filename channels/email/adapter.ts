import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from '../../bots/botFramework';
import { randomUUID } from 'node:crypto';
import { deliveringEntry } from '../../bots/outbox/replySender';
import { markSenderUnproven, setVerifiedEmail } from '../../bots/pipeline/verifiedContact';
import type { TurnLogic } from '../channel';
import { ChannelAdapter } from '../shared/channelAdapter';
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
export class EmailAdapter extends ChannelAdapter {
  readonly channelId = EMAIL_CHANNEL_ID;

  constructor(
    private readonly sendMail: SendTurnMail,
    readonly serviceUrl: string,
  ) {
    super();
  }

  /**
   * One received mail's turn. `answersOurs`: it quotes the Message-ID of a mail we sent in its
   * thread (channels/email/threads.ts), which only the mailbox's owner received; a new mail's
   * From alone is not proof enough for a "yes" that erases or cancels.
   */
  async processMail(activity: Partial<Activity>, answersOurs: boolean, logic: TurnLogic): Promise<void> {
    await this.processActivity(activity, logic, (context) => {
      if (!answersOurs) markSenderUnproven(context.turnState);
    });
  }

  /** The mail's sender is the thread's customer (channels/email/threads.ts): their address is vouched for. */
  protected override prepareTurn(context: TurnContext): void {
    const sender = context.activity.from?.id;
    if (context.activity.type === ActivityTypes.Message && sender) setVerifiedEmail(context.turnState, sender);
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
}
