import { randomBytes } from 'node:crypto';
import type { Response } from 'restify';
import type { HandoverQueue, QueueChange } from '../../dialogs/handover/handoverQueue';
import type { Logger } from '../../bots/logger';
import type { Agent } from './auth';
import type { EventsTicket } from './wireTypes';

const TICKET_LIFETIME_MS = 60_000;
const KEEP_ALIVE_MS = 25_000;
const MAX_STREAMS = 200;

/**
 * Server-sent events for the inbox page. EventSource cannot send an Authorization header, so an
 * agent first gets a one-time ticket (short-lived, single use) with their bearer token and opens
 * the stream with `?ticket=`. Changes made on this instance are pushed at once, those of other
 * instances after the next poll of the store; the page reloads what it shows on each event.
 */
export class InboxEvents {
  private readonly tickets = new Map<string, { agent: Agent; expires: number }>();
  private readonly streams = new Set<Response>();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly remotePoll: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private remoteCursor: string | undefined;
  private polling = false;

  constructor(
    private readonly queue: HandoverQueue,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    remotePollMs = 2000,
  ) {
    this.unsubscribe = queue.onChange((change) => this.broadcast(change));
    this.keepAlive = setInterval(() => {
      for (const res of this.streams) res.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.keepAlive.unref();
    // Changes made on other instances reach this one's agents through the store.
    this.remotePoll = setInterval(() => void this.pollRemote(), remotePollMs);
    this.remotePoll.unref();
  }

  private async pollRemote(): Promise<void> {
    if (this.polling || this.streams.size === 0) return;
    this.polling = true;
    try {
      const { cursor, change } = await this.queue.remoteChange(this.remoteCursor);
      this.remoteCursor = cursor;
      if (change) this.broadcast(change);
    } catch (err) {
      this.logger.warn({ err }, 'InboxEvents.pollRemote(): could not read the last change');
    } finally {
      this.polling = false;
    }
  }

  issueTicket(agent: Agent): EventsTicket {
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

  async open(res: Response, onClose: () => void): Promise<void> {
    // Nobody was listening, so the cursor may be old: start from the store's current last change,
    // before the stream opens, so every change the agent can miss from here on is announced.
    if (this.streams.size === 0) this.remoteCursor = (await this.queue.remoteChange(undefined)).cursor;
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
    clearInterval(this.remotePoll);
    this.unsubscribe();
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private broadcast(change: QueueChange): void {
    const frame = `event: change\ndata: ${JSON.stringify(change)}\n\n`;
    for (const res of this.streams) res.write(frame);
  }
}
