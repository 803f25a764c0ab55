import type { Booking } from '../../dialogs/booking/bookingService';
import type { ReturnRequest } from '../../dialogs/returns/returnService';
import type { CustomerContact, TicketNote, TicketStatus, TranscriptLine } from '../../dialogs/handover/ticket';
import type { Locale } from '../../bots/config';
import type { CannedReply } from './canned';

/*
 * The inbox API's JSON bodies as the server writes them and the page (public/app.js, type-checked
 * through JSDoc by tsconfig.browser.json) reads them, so the two cannot drift apart unnoticed.
 */

/** A conversation in the list: what the queue shows without opening it. */
export interface ConversationSummary {
  id: string;
  status: TicketStatus;
  channel: string;
  customerName: string;
  locale: Locale;
  summary: string;
  createdAt: string;
  waitingSince: string;
  lastMessage: Pick<TranscriptLine, 'from' | 'text' | 'at'> | null;
  agent: string | null;
  tags: string[];
  followUp: boolean;
  leftMessage: boolean;
  /** The e-mail address or phone number the customer left for a reply once they are gone. */
  contact: CustomerContact | null;
}

/** `GET /api/inbox/conversations` */
export interface ConversationList {
  /** Oldest first, at most `?limit=` (100 by default, 500 at most). */
  conversations: ConversationSummary[];
  /** How many match the filter in all; more than listed when the limit cut the list. */
  total: number;
  /** Conversations waiting for an agent, whatever the filter. */
  waiting: number;
}

/** The customer's records an agent checks instead of asking again. */
/** A message the bot sends (or sent) unasked, as the agent sees it. */
export interface ScheduledMessageView {
  kind: string;
  topic?: string;
  /** ISO time it is (or was) due. */
  dueAt: string;
  status: 'scheduled' | 'done' | 'skipped' | 'cancelled' | 'dead';
  /** How it ended: sent, queued, opted_out, booking_cancelled, … */
  outcome?: string;
}

export interface CustomerRecordsView {
  bookings: Booking[];
  returns: ReturnRequest[];
  /** Reminders and shop events about the customer, newest first. */
  scheduled: ScheduledMessageView[];
  /** Topics the customer asked the bot not to write about unasked. */
  optedOut: string[];
  /** Shop systems that did not answer ("caldav", "orders-api"): their list is empty for now, not for good. */
  unavailable: string[];
}

/** One line of the customer's timeline: what was said in which of their conversations. */
export interface TimelineLine {
  channel: string;
  from: 'customer' | 'bot' | 'agent';
  text: string;
  at: string;
  agent?: string;
}

/**
 * One person across channels (dialogs/customers): the identities proven to be theirs, their
 * verified contacts, and what they said everywhere, oldest first.
 */
export interface PersonView {
  id: string;
  identities: { key: string; channel: string; via: string; linkedAt: string }[];
  contacts: { kind: 'email' | 'phone'; value: string; via: string; verifiedAt: string }[];
  /** Their conversations, the latest last: an agent's reply may be sent to any of them (`to`). */
  conversations: { key: string; channel: string; lastAt: string }[];
  /** Where the customer wrote last: replies reach them there. */
  lastChannel: string | null;
  timeline: TimelineLine[];
}

/** `GET /api/inbox/customers/:id`, and the answer of merge and split. */
export interface CustomerDetail {
  person: PersonView;
  records: CustomerRecordsView;
}

/** `GET /api/inbox/conversations/:id` */
export interface ConversationDetail extends ConversationSummary {
  messages: TranscriptLine[];
  notes: TicketNote[];
  rating: number | null;
  /** Every linked identity's bookings, returns and jobs. */
  customer: CustomerRecordsView;
  /** The person behind the conversation; null before their first message was recorded. */
  person: PersonView | null;
  cannedReplies: CannedReply[];
}

/** `POST …/:id/messages`: 201 delivered, 202 kept but refused by the channel (reason says why). */
export interface ReplyResult {
  delivered: boolean;
  /** The channel it went to: where the customer wrote last unless the agent chose (`to`). */
  channel?: string;
  /** Not sent yet: saved, and sent when the customer's channel answers again. */
  queued?: boolean;
  reason?: string;
}

/** `POST …/:id/claim`: the conversation, and whether the customer was told who joined (absent when told before). */
export interface ClaimResult extends ConversationSummary {
  joinNotice?: ReplyResult;
}

/** `GET /api/inbox/me` */
export interface SignedInAgent {
  name: string;
}

/** `POST /api/inbox/events/ticket`: a one-time ticket for `GET /api/inbox/events?ticket=`. */
export interface EventsTicket {
  ticket: string;
  /** Seconds the ticket stays valid. */
  expiresIn: number;
}

/** Every error body of the API. */
export interface ApiError {
  code: string;
  message: string;
}
