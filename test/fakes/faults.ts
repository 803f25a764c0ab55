import type http from 'node:http';

/**
 * How a fake platform API misbehaves while a fault is on: an HTTP error (with a Telegram-style
 * `retry_after`), a connection reset before the request is read, or a hang (the request is read
 * and never answered). A request met by a fault is not recorded as delivered: the platform did
 * not take the message.
 */
export type Fault = { kind: 'status'; status: number; retryAfter?: number } | { kind: 'reset' } | { kind: 'hang' };

/** A switch a fake consults for every send; `hung` keeps the held responses so `stop` can end them. */
export class FaultSwitch {
  current: Fault | undefined;
  /** Requests the fault met, so a test can tell the fault was really in the way. */
  hits = 0;
  private readonly hung = new Set<http.ServerResponse>();

  /**
   * Applies the fault to this request, if one is on: true when it answered (or dropped) the request
   * and the fake must do nothing more. `errorBody` shapes the platform's error body.
   */
  intercept(req: http.IncomingMessage, res: http.ServerResponse, errorBody: (fault: Extract<Fault, { kind: 'status' }>) => unknown): boolean {
    const fault = this.current;
    if (!fault) return false;
    this.hits += 1;
    if (fault.kind === 'reset') {
      req.socket.destroy();
      return true;
    }
    if (fault.kind === 'hang') {
      this.hung.add(res);
      res.once('close', () => this.hung.delete(res));
      return true;
    }
    res.writeHead(fault.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(errorBody(fault)));
    return true;
  }

  release(): void {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }
}
