/** A refusal the handler chose (4xx with a reason), as opposed to a failure. */
export class Refusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
