import { randomBytes } from 'node:crypto';
import type { Response } from 'restify';
import type { HandoverQueue, QueueChange } from '../../dialogs/handover/handoverQueue';
import type { Agent } from './auth';

const TICKET_LIFETIME_MS = 60_000;
const KEEP_ALIVE_MS = 25_000;
const MAX_STREAMS = 200;

/**
 * Server-sent events for the inbox page. EventSource cannot send an Authorization header, so an
 * agent first gets a one-time ticket (short-lived, single use) with their bearer token and opens
 * the stream with `?ticket=`. Changes made on this instance are pushed; the page reloads the
 * list on each event.
 */
export class InboxEvents {
  private readonly tickets = new Map<string, { agent: Agent; expires: number }>();
  private readonly streams = new Set<Response>();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(queue: HandoverQueue, private readonly now: () => number = Date.now) {
    this.unsubscribe = queue.onChange((change) => this.broadcast(change));
    this.keepAlive = setInterval(() => {
      for (const res of this.streams) res.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  issueTicket(agent: Agent): { ticket: string; expiresIn: number } {
    const now = this.now();
    for (const [ticket, entry] of this.tickets) if (entry.expires <= now) this.tickets.delete(ticket);
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { agent, expires: now + TICKET_LIFETIME_MS });
    return { ticket, expiresIn: TICKET_LIFETIME_MS / 1000 };
  }

  /** The agent a ticket was issued to; a ticket works once. */
  redeem(ticket: string): Agent | undefined {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return entry && entry.expires > this.now() ? entry.agent : undefined;
  }

  get full(): boolean {
    return this.streams.size >= MAX_STREAMS;
  }

  open(res: Response, onClose: () => void): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    this.streams.add(res);
    res.on('close', () => {
      this.streams.delete(res);
      onClose();
    });
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.unsubscribe();
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private broadcast(change: QueueChange): void {
    const frame = `event: change\ndata: ${JSON.stringify(change)}\n\n`;
    for (const res of this.streams) res.write(frame);
  }
}
