import { BotAdapter, TurnContext, type Activity, type ConversationReference } from '../../bots/botFramework';
import { PROACTIVE_EVENT } from '../../bots/pipeline/proactiveTurn';
import type { TurnLogic } from '../channel';

/**
 * What every native channel's adapter shares: turns run through the middleware installed on it
 * (the shared pipeline), a proactive turn starts from a stored conversation reference under this
 * channel's id and service URL, and a sent message cannot be edited or deleted (none of our
 * platforms lets the bot do it in a way the dialogs rely on). A channel adds only how it sends.
 */
export abstract class ChannelAdapter extends BotAdapter {
  /** The Bot Framework channel id stamped on this channel's activities (telegram, facebook, email, webchat). */
  abstract readonly channelId: string;
  /** Where this channel's conversations live, stamped on every activity. */
  abstract readonly serviceUrl: string;

  /** `mark`: what the ingress found out about this turn's sender, set in turn state before the pipeline runs. */
  async processActivity(activity: Partial<Activity>, logic: TurnLogic, mark?: (context: TurnContext) => void): Promise<void> {
    const context = new TurnContext(this, activity);
    this.prepareTurn(context);
    mark?.(context);
    await this.runMiddleware(context, logic);
  }

  /** Before the pipeline runs: a channel names the items it reads and writes with the turn (bots/state/withTurn.ts). */
  protected prepareTurn(_context: TurnContext): void {}

  /** A proactive turn (agent replies, notices, retries) in a conversation known by its stored reference. */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const event = TurnContext.applyConversationReference(
      { ...PROACTIVE_EVENT },
      { ...reference, channelId: this.channelId, serviceUrl: this.serviceUrl },
      true,
    );
    await this.processActivity(event, logic);
  }

  async updateActivity(): Promise<void> {
    throw new Error(`${this.constructor.name}.updateActivity(): ${this.channelId} messages are not edited; dialogs send new ones`);
  }

  async deleteActivity(): Promise<void> {
    throw new Error(`${this.constructor.name}.deleteActivity(): ${this.channelId} messages are not deleted`);
  }
}
