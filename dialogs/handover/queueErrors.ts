import type { Ticket } from './ticket';
export class TicketNotFoundError extends Error {
  constructor(readonly ticketId: string) {
    super(`HandoverQueue: no conversation ${ticketId}`);
    this.name = 'TicketNotFoundError';
  }
}

/** A claim or reply by an agent who does not (or no longer may) hold the conversation. */
export class TicketConflictError extends Error {
  constructor(readonly ticketId: string, reason: string) {
    super(`HandoverQueue: ${reason}`);
    this.name = 'TicketConflictError';
  }
}

/** Refuses a change to a conversation someone else holds (tags, follow-up); waiting ones are anyone's. */
export function requireNotHeldByOther(ticket: Ticket, agent: string, what: string): Ticket {
  if (ticket.status === 'assigned' && ticket.agent !== agent) {
    throw new TicketConflictError(ticket.id, `${ticket.agent ?? 'another agent'} holds this conversation; only they can change its ${what}`);
  }
  return ticket;
}
