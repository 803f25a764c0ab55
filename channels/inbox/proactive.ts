import { ActivityTypes } from 'botbuilder';
import type { Logger } from '../../bots/logger';
import { movedOn, setInboxEvent } from '../../dialogs/handover/handoverState';
import type { Ticket } from '../../dialogs/handover/ticket';
import { ANY_BOT_FRAMEWORK_CHANNEL, type ChannelModule, type TurnLogic } from '../channel';

export interface Delivery {
  delivered: boolean;
  /** Why not, when the channel refused (e.g. Messenger's window closed). */
  reason?: string;
}

/**
 * Runs a proactive turn in a handed-over conversation, on the adapter of the channel it came
 * from, through the shared pipeline (lock, state, locale, transcript). The event's name and value
 * tell the bot what to say. A send the channel refuses is reported, not thrown.
 */
export class ProactiveSender {
  constructor(
    private readonly channels: readonly ChannelModule[],
    private readonly logic: TurnLogic,
    private readonly logger: Logger,
  ) {}

  async send(ticket: Ticket, name: string, value: unknown): Promise<Delivery> {
    const channelId = ticket.reference.channelId ?? 'unknown';
    let channel: ChannelModule | undefined;
    try {
      channel = await this.channelOf(ticket);
    } catch (err) {
      this.logger.warn({ err, ticketId: ticket.id }, 'handover message not delivered: finding its channel failed');
      return { delivered: false, reason: 'the channel could not be reached; try again' };
    }
    if (!channel?.capabilities.proactive) return { delivered: false, reason: `no running channel can send proactively to this ${channelId} conversation` };
    let failure: unknown;
    let messagesSent = 0;
    let completed = false;
    let skipped = false;
    try {
      await channel.adapter.continueConversation(ticket.reference, async (context) => {
        context.onSendActivities(async (_context, activities, next) => {
          try {
            const responses = await next();
            messagesSent += activities.filter((activity) => activity.type === ActivityTypes.Message).length;
            return responses;
          } catch (err) {
            failure = err;
            return activities.map(() => ({ id: '' }));
          }
        });
        // The name is for logs; the relay trusts only the turn-state mark, which a client cannot set.
        context.activity.name = name;
        setInboxEvent(context.turnState, { name, value });
        await this.logic(context);
        completed = true;
        skipped = movedOn(context.turnState);
      });
    } catch (err) {
      failure = err;
    }
    // The adapter's error policy swallows a failed turn, so success is what was seen to go out.
    if (completed && failure === undefined && messagesSent > 0) return { delivered: true };
    const reason =
      failure !== undefined
        ? failure instanceof Error
          ? failure.message
          : String(failure)
        : skipped
          ? 'the conversation has moved on; nothing to send'
          : 'the turn ended without sending (it failed or its state could not be saved); try again';
    this.logger.warn({ err: failure, ticketId: ticket.id, channel: channelId, event: name, reason }, 'handover message not delivered');
    return { delivered: false, reason };
  }

  /**
   * The module whose conversation this is: one that names the channel id and does not disown the
   * conversation (the embedded web chat checks its log), else the module that takes every other channel
   * (Azure Bot Service, whose Web Chat also says `webchat`).
   */
  private async channelOf(ticket: Ticket): Promise<ChannelModule | undefined> {
    const named = this.channels.filter((module) => (module.channelIds ?? [module.id]).includes(ticket.reference.channelId ?? ''));
    for (const module of named) {
      if (!module.ownsConversation || (await module.ownsConversation(ticket.reference))) return module;
    }
    const relay = this.channels.find((module) => module.channelIds?.includes(ANY_BOT_FRAMEWORK_CHANNEL));
    return relay && (!relay.ownsConversation || (await relay.ownsConversation(ticket.reference))) ? relay : undefined;
  }
}
