/**
 * The turn's state was committed, then sending its replies failed (the platform refused or was
 * unreachable past the channel's retries). The conversation moved on as the turn decided, so
 * dropping the dialog stack now would throw away what the customer just said and leave them out
 * of their booking; the error policy only logs it.
 */
export class ReplyDeliveryError extends Error {
  constructor(cause: unknown) {
    super(`StatefulTurn: the turn was saved but its replies could not be sent (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'ReplyDeliveryError';
  }
}
