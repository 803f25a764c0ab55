import type { Logger } from '../../bots/logger';
import type { Ticket } from '../../dialogs/handover/ticket';
import type { ChannelModule, TurnLogic } from '../channel';

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
    const channel = this.channels.find((module) => (module.channelIds ?? [module.id]).includes(ticket.channelId));
    if (!channel?.capabilities.proactive) return { delivered: false, reason: `channel ${ticket.channelId} is not running or cannot send proactively` };
    let failure: unknown;
    await channel.adapter.continueConversation(ticket.reference, async (context) => {
      context.onSendActivities(async (_context, activities, next) => {
        try {
          return await next();
        } catch (err) {
          failure = err;
          return activities.map(() => ({ id: '' }));
        }
      });
      context.activity.name = name;
      context.activity.value = value;
      await this.logic(context);
    });
    if (failure === undefined) return { delivered: true };
    this.logger.warn({ err: failure, ticketId: ticket.id, channel: ticket.channelId, event: name }, 'handover message not delivered');
    return { delivered: false, reason: failure instanceof Error ? failure.message : String(failure) };
  }
}
