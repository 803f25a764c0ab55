import type { ConversationReference } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';

export type TicketStatus = 'waiting' | 'assigned' | 'resolved';
export const TICKET_STATUSES: readonly TicketStatus[] = ['waiting', 'assigned', 'resolved'];

/** One line of a conversation as the agent sees it. */
export interface TranscriptLine {
  from: 'customer' | 'bot' | 'agent';
  text: string;
  at: string;
  /** The agent's display name, for agent lines. */
  agent?: string;
  /** False when the customer's channel refused an agent reply (e.g. Messenger's 7-day limit). */
  delivered?: boolean;
  /** The customer's activity this line came from, so a re-run turn does not add it twice. */
  activityId?: string;
}

/** How to reach a customer who may have left (asked on channels that cannot write to them later). */
export interface CustomerContact {
  kind: 'email' | 'phone';
  /** The e-mail address as typed, or the phone number in E.164. */
  value: string;
}

export interface TicketNote {
  agent: string;
  text: string;
  at: string;
}

/** A conversation handed to people: what the inbox lists and the relay appends to. */
export interface Ticket {
  id: string;
  status: TicketStatus;
  /** Where proactive replies go; without activityId, so a proactive turn is never taken for a redelivery. */
  reference: Partial<ConversationReference>;
  /** The customer's key for bookings and returns (bots/state/stateKeys.ts customerKeyFor). */
  customerKey: string;
  customerName: string;
  locale: Locale;
  summary: string;
  createdAt: string;
  /** Last time a customer wrote, for "waiting since". */
  lastCustomerAt: string;
  messages: TranscriptLine[];
  notes: TicketNote[];
  tags: string[];
  followUp: boolean;
  /** The customer chose to leave a message instead of waiting (after hours or after the claim timeout). */
  leftMessage: boolean;
  /** The customer was told nobody has claimed the conversation yet. */
  timeoutNotified: boolean;
  /** The customer was told which agent claimed the conversation. */
  joinNotified?: boolean;
  /** Where to reach the customer once they have left, when they gave it. */
  contact?: CustomerContact;
  agent?: string;
  claimedAt?: string;
  resolvedAt?: string;
  /** Satisfaction 1–5 the customer gave after the resolve. */
  rating?: number;
}

/** What the customer side knows when it puts a conversation in the queue. */
export type NewTicket = Pick<Ticket, 'reference' | 'customerKey' | 'customerName' | 'locale' | 'summary' | 'messages' | 'leftMessage'> & Partial<Pick<Ticket, 'contact'>>;

/** Longest text one message, note or summary may carry; longer is refused (413 in the API). */
export const MAX_TEXT_LENGTH = 4000;
/**
 * Lines and notes of a ticket kept; older ones drop off. With every text cut to MAX_TEXT_LENGTH,
 * a ticket stays under about 1.3 MB of JSON (200 + 100 texts of 4,000 characters, escaped), below
 * Cosmos DB's 2 MB item limit.
 */
export const MAX_TICKET_LINES = 200;
export const MAX_TICKET_NOTES = 100;
