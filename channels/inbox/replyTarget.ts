import type { ConversationReference } from '../../bots/botFramework';
import { lastConversation, type CustomerRecord } from '../../dialogs/customers/customerRecord';
import type { Ticket } from '../../dialogs/handover/ticket';
import { Refusal } from './refusal';

/** Where an agent's reply goes: `last` (default) where the customer wrote last, `here` the ticket's conversation, or one of theirs by key. */
export type ReplyTo = 'last' | 'here' | string;

const sameConversation = (a: Partial<ConversationReference>, b: Partial<ConversationReference>) => a.channelId === b.channelId && a.conversation?.id === b.conversation?.id;

/**
 * The conversation an agent's reply goes to. A customer who asked for a person in the web chat
 * and then wrote on Telegram is answered on Telegram: the tab they asked from may be closed.
 * Undefined means the ticket's own conversation.
 */
export function replyTarget(ticket: Ticket, record: CustomerRecord | undefined, to: ReplyTo): { reference: Partial<ConversationReference>; channel: string } | undefined {
  if (to === 'here' || !record) return undefined;
  const chosen = to === 'last' ? lastConversation(record) : record.conversations.find((c) => c.key === to);
  if (!chosen) {
    if (to === 'last') return undefined;
    throw new Refusal(400, 'BadRequest', 'body.to must be "last", "here" or one of the customer\'s conversations');
  }
  return sameConversation(chosen.reference, ticket.reference) ? undefined : { reference: chosen.reference, channel: chosen.channel };
}

export function replyToOf(body: unknown): ReplyTo {
  const to = typeof body === 'object' && body !== null && 'to' in body ? body.to : 'last';
  if (typeof to !== 'string' || to.length > 500) throw new Refusal(400, 'BadRequest', 'body.to must be "last", "here" or a conversation key');
  return to;
}
