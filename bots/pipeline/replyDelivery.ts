/**
 * The turn's state (with its replies) was committed, then recording the delivery went wrong in a
 * way a redelivery would not mend. The conversation moved on as the turn decided and its replies
 * stay pending (the next turn sends them), so dropping the dialog stack now would throw away what
 * the customer just said; the error policy only logs it.
 */
export class ReplyDeliveryError extends Error {
  constructor(cause: unknown) {
    super(`StatefulTurn: the turn was saved but delivering its replies failed (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'ReplyDeliveryError';
  }
}
