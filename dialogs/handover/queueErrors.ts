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
