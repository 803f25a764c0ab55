import { onDeliveryOutcome, type DeliveryOutcome } from '../../bots/outbox/replySender';
import type { Logger } from '../../bots/logger';
import { movedOn, setInboxEvent } from '../../dialogs/handover/handoverState';
import type { Ticket } from '../../dialogs/handover/ticket';
import type { ChannelModule, TurnLogic } from '../channel';
import { moduleFor } from '../moduleFor';

export interface Delivery {
  delivered: boolean;
  /** Saved and waiting for the channel to come back; the retry worker sends it. */
  queued?: boolean;
  /** Why not, when the channel refused (e.g. Messenger's window closed), or why it waits. */
  reason?: string;
}

/**
 * Runs a proactive turn in a handed-over conversation, on the adapter of the channel it came
 * from, through the shared pipeline (lock, state, locale, transcript). The event's name and value
 * tell the bot what to say. A send the channel refuses is reported, not thrown; one the channel
 * could not take now is queued (bots/outbox) and reported as such.
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
      channel = await moduleFor(this.channels, ticket.reference);
    } catch (err) {
      this.logger.warn({ err, ticketId: ticket.id }, 'handover message not delivered: finding its channel failed');
      return { delivered: false, reason: 'the channel could not be reached; try again' };
    }
    if (!channel) return { delivered: false, reason: `no running channel can send proactively to this ${channelId} conversation` };
    let failure: unknown;
    let outcome: DeliveryOutcome | undefined;
    let completed = false;
    let skipped = false;
    try {
      await channel.adapter.continueConversation(ticket.reference, async (context) => {
        onDeliveryOutcome(context, (reported) => (outcome = reported));
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
    // The pipeline records what became of the turn's replies once they were saved and sent.
    if (completed && outcome?.state === 'sent' && outcome.messages > 0) return { delivered: true };
    if (completed && outcome?.state === 'queued') {
      this.logger.warn({ ticketId: ticket.id, channel: channelId, event: name, reason: outcome.reason }, 'handover message queued: the channel is not answering');
      return { delivered: false, queued: true, reason: `the channel is not answering (${outcome.reason}); the message is sent when it is back` };
    }
    const reason =
      outcome?.state === 'refused'
        ? outcome.reason
        : failure !== undefined
          ? failure instanceof Error
            ? failure.message
            : String(failure)
          : skipped
            ? 'the conversation has moved on; nothing to send'
            : 'the turn ended without sending (it failed or its state could not be saved); try again';
    this.logger.warn({ err: failure, ticketId: ticket.id, channel: channelId, event: name, reason }, 'handover message not delivered');
    return { delivered: false, reason };
  }
}
