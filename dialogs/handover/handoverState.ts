import { StateProperty } from '../../bots/state/turnState';
import type { TranscriptLine } from './ticket';
import './texts';

/** Set while the conversation is with people (waiting or assigned); the relay reads it. */
export interface ActiveHandover {
  ticketId: string;
}

export const activeHandover = new StateProperty<ActiveHandover>('conversation', 'activeHandover');

/** The last messages both ways, so a handed-over conversation arrives with its history. */
export const transcript = new StateProperty<TranscriptLine[]>('conversation', 'transcript');
export const TRANSCRIPT_LINES = 50;

/** The customer's answer to the satisfaction question after a handover. */
export interface SatisfactionRating {
  ticketId: string;
  rating: number;
  at: string;
}

export const satisfaction = new StateProperty<SatisfactionRating[]>('conversation', 'satisfaction');

/** Names of the proactive events the inbox sends into a conversation. */
export const HANDOVER_EVENTS = {
  agentMessage: 'handover.agentMessage',
  /** An agent claimed the conversation: the customer is told who is with them now. */
  agentJoined: 'handover.agentJoined',
  resolved: 'handover.resolved',
  claimTimeout: 'handover.claimTimeout',
} as const;

export interface AgentMessageValue {
  agent: string;
  text: string;
  /**
   * Set when the reply goes to another conversation of the same customer (where they wrote
   * last): that conversation then relays to this ticket, so their answer reaches the agent.
   */
  follow?: { ticketId: string };
}

export interface ResolvedValue {
  agent: string;
  ticketId: string;
}

export interface AgentJoinedValue {
  agent: string;
  ticketId: string;
}

/** What the inbox asks a proactive turn to do; only the inbox's own turns carry it. */
export interface InboxEvent {
  name: string;
  value: unknown;
}

const INBOX_EVENT = Symbol('switchboard.inboxEvent');

/**
 * Marks a proactive turn as the inbox's. The relay reads the event from turn state, never from the
 * activity: a customer can post an event activity of their own (Direct Line accepts them), and must not be able
 * to forge an agent's message or end their own handover that way.
 */
export function setInboxEvent(turnState: Map<unknown, unknown>, event: InboxEvent): void {
  turnState.set(INBOX_EVENT, event);
}

export function inboxEventOf(turnState: Map<unknown, unknown>): InboxEvent | undefined {
  return turnState.get(INBOX_EVENT) as InboxEvent | undefined;
}

const MOVED_ON = Symbol('switchboard.inboxEventMovedOn');

/** The relay chose to send nothing: the conversation has moved on from what the event is about. */
export function markMovedOn(turnState: Map<unknown, unknown>): void {
  turnState.set(MOVED_ON, true);
}

export function movedOn(turnState: Map<unknown, unknown>): boolean {
  return turnState.get(MOVED_ON) === true;
}
