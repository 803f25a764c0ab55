import type { ConversationReference, TurnContext } from '../../bots/botFramework';
import type { Logger } from '../../bots/logger';
import { onDeliveryOutcome, type DeliveryOutcome } from '../../bots/outbox/replySender';
import { ANY_BOT_FRAMEWORK_CHANNEL, type ChannelModule } from '../channel';

/** What became of a proactive turn's replies. */
export interface Delivery {
  delivered: boolean;
  /** Saved and waiting for the channel to come back; the retry worker sends it. */
  queued?: boolean;
  /** The channel said no for good (e.g. Messenger's window closed, the customer blocked the bot): trying again will not help. */
  refused?: boolean;
  /** With `refused`: why, as a short fixed phrase (`outside_window`, `chat_unreachable`, `channel_refused`). */
  refusal?: string;
  /** Why not, when the channel refused, or why it waits. */
  reason?: string;
}

/** What a proactive turn's own logic reports: `skipped` says why it chose to send nothing. */
export type ProactiveLogic = (context: TurnContext) => Promise<{ skipped?: string } | void>;

/**
 * The running channels, for turns the bot starts itself (agent replies, notices, retries): which
 * channel a stored conversation belongs to, and a turn run there through the shared pipeline
 * (lock, state, locale, delivery) with what became of its replies. A send the channel refuses is
 * reported, not thrown; one it could not take now is queued (bots/outbox) and reported as such.
 */
export class ProactiveTurns {
  constructor(
    private readonly channels: readonly ChannelModule[],
    private readonly logger: Logger,
  ) {}

  /**
   * The module a stored conversation belongs to: one that names its channel id and does not disown
   * it (the embedded web chat checks its log), else the module that takes every other channel
   * (Azure Bot Service, whose Web Chat also says `webchat`). Undefined when no running module does.
   */
  async channelOf(reference: Partial<ConversationReference>): Promise<ChannelModule | undefined> {
    const named = this.channels.filter((module) => (module.channelIds ?? [module.id]).includes(reference.channelId ?? ''));
    for (const module of named) {
      if (!module.ownsConversation || (await module.ownsConversation(reference))) return module;
    }
    const relay = this.channels.find((module) => module.channelIds?.includes(ANY_BOT_FRAMEWORK_CHANNEL));
    return relay && (!relay.ownsConversation || (await relay.ownsConversation(reference))) ? relay : undefined;
  }

  /** Runs `logic` in the conversation `reference` names; `about` goes into the log lines. */
  async run(reference: Partial<ConversationReference>, logic: ProactiveLogic, about: Record<string, unknown> = {}): Promise<Delivery> {
    const channelId = reference.channelId ?? 'unknown';
    let channel: ChannelModule | undefined;
    try {
      channel = await this.channelOf(reference);
    } catch (err) {
      this.logger.warn({ err, ...about }, 'proactive message not delivered: finding its channel failed');
      return { delivered: false, reason: 'the channel could not be reached; try again' };
    }
    if (!channel) return { delivered: false, reason: `no running channel can send proactively to this ${channelId} conversation` };
    let failure: unknown;
    let outcome: DeliveryOutcome | undefined;
    let completed = false;
    let skipped: string | undefined;
    try {
      await channel.adapter.continueConversation(reference, async (context) => {
        onDeliveryOutcome(context, (reported) => (outcome = reported));
        skipped = (await logic(context))?.skipped;
        completed = true;
      });
    } catch (err) {
      failure = err;
    }
    // The pipeline records what became of the turn's replies once they were saved and sent.
    if (completed && outcome?.state === 'sent' && outcome.messages > 0) return { delivered: true };
    if (completed && outcome?.state === 'queued') {
      this.logger.warn({ ...about, channel: channelId, reason: outcome.reason }, 'proactive message queued: the channel is not answering');
      return { delivered: false, queued: true, reason: `the channel is not answering (${outcome.reason}); the message is sent when it is back` };
    }
    const reason =
      outcome?.state === 'refused'
        ? outcome.reason
        : failure !== undefined
          ? failure instanceof Error
            ? failure.message
            : String(failure)
          : (skipped ?? 'the turn ended without sending (it failed or its state could not be saved); try again');
    this.logger.warn({ err: failure, ...about, channel: channelId, reason }, 'proactive message not delivered');
    return { delivered: false, reason, ...(outcome?.state === 'refused' ? { refused: true, refusal: outcome.refusal } : {}) };
  }
}
