import { EventEmitter } from 'node:events';
import { createHash, randomUUID } from 'node:crypto';
import { readItem, updateItem } from '../../bots/state/storeItem';
import type { ManagedStorage } from '../../bots/state/types';
import { requireNotHeldByOther, TicketConflictError, TicketNotFoundError } from './queueErrors';
import { TicketIndex } from './ticketIndex';
import { MAX_TEXT_LENGTH, MAX_TICKET_LINES, MAX_TICKET_NOTES, type CustomerContact, type NewTicket, type Ticket, type TicketNote, type TicketStatus, type TranscriptLine } from './ticket';

export { TicketConflictError, TicketNotFoundError };

const ticketKey = (id: string) => `handover/ticket/${id}`;
const LAST_CHANGE_KEY = 'handover/lastChange';
const LAST_CHANGE_TTL_SECONDS = 24 * 60 * 60;
/** An e-mail address is at most 254 characters; a phone number far fewer. */
const MAX_CONTACT_LENGTH = 254;

interface LastChange {
  instance: string;
  sequence: number;
  change: QueueChange;
}

/** How long a ticket's item stays in the store. */
const TICKET_TTL_SECONDS = 180 * 24 * 60 * 60;

function withoutStoreFields(item: Ticket & { eTag?: string; ttl?: number }): Ticket {
  const { eTag: _eTag, ttl: _ttl, ...ticket } = item;
  return ticket;
}

/** What changed, for the inbox's live updates. */
export interface QueueChange {
  kind: 'created' | 'claimed' | 'message' | 'note' | 'tags' | 'followUp' | 'resolved' | 'rated' | 'updated';
  ticketId: string;
  status: TicketStatus;
}

/**
 * The handover queue in the bot's store, so every server instance sees the same queue: one item
 * per ticket plus an index item. Every change is an eTag-checked read-modify-write, so a claim
 * that loses a race sees the winner's claim and is refused, never silently overwriting it.
 */
export class HandoverQueue {
  private readonly events = new EventEmitter();
  private readonly index: TicketIndex;
  /** Identifies this instance's changes in the last-change item, so it does not announce them twice. */
  private readonly instance = randomUUID();
  private sequence = 0;

  constructor(
    private readonly storage: ManagedStorage,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.events.setMaxListeners(0);
    this.index = new TicketIndex(storage);
  }

  onChange(listener: (change: QueueChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  /**
   * Puts a conversation in the queue. `requestKey` (the conversation and the activity that asked)
   * makes it safe to repeat: the pipeline re-runs a turn after a state conflict, and the second run
   * must find the ticket the first one made, not queue the customer behind themselves.
   */
  async enqueue(input: NewTicket, requestKey?: string): Promise<Ticket> {
    const at = this.now().toISOString();
    const id = requestKey ? createHash('sha256').update(requestKey).digest('hex').slice(0, 32) : randomUUID();
    const messages = input.messages.map((line) => ({ ...line, text: line.text.slice(0, MAX_TEXT_LENGTH) })).slice(-MAX_TICKET_LINES);
    const ticket: Ticket = { ...input, messages, id, status: 'waiting', createdAt: at, lastCustomerAt: at, notes: [], tags: [], followUp: false, timeoutNotified: false };
    let created = false;
    const stored = await updateItem<Ticket>(
      this.storage,
      ticketKey(id),
      (current) => {
        // Reset on every attempt: a write that lost a race and found the winner's ticket created nothing.
        created = current === undefined;
        return created ? ticket : undefined;
      },
      TICKET_TTL_SECONDS,
    );
    if (created) {
      await this.index.upsert(ticket);
      await this.emit('created', ticket);
      return ticket;
    }
    const existing = stored ? withoutStoreFields(stored) : ticket;
    // A key seen long ago (ids some channels derive from timestamps or content can repeat): a new ticket.
    if (existing.status === 'resolved') return this.enqueue(input);
    // The first run may have failed before indexing it; indexing again is harmless.
    await this.index.upsert(existing);
    return existing;
  }

  async get(id: string): Promise<Ticket | undefined> {
    const item = await readItem<Ticket>(this.storage, ticketKey(id));
    return item ? withoutStoreFields(item) : undefined;
  }

  /** Tickets with `status` (one or several; all when omitted), oldest first, at most `limit`. */
  async list(status?: TicketStatus | readonly TicketStatus[], limit = Number.POSITIVE_INFINITY): Promise<Ticket[]> {
    return (await this.page(status, limit)).tickets;
  }

  /** Like `list`, with how many tickets match in all (the index knows without reading them). */
  async page(status?: TicketStatus | readonly TicketStatus[], limit = Number.POSITIVE_INFINITY): Promise<{ tickets: Ticket[]; total: number }> {
    const wanted: readonly TicketStatus[] | undefined = status === undefined ? undefined : typeof status === 'string' ? [status] : status;
    const matching = (await this.index.entries()).filter((entry) => !wanted || wanted.includes(entry.status));
    return { tickets: await this.read(matching.slice(0, limit).map((entry) => entry.id), wanted), total: matching.length };
  }

  private async read(ids: string[], wanted: readonly TicketStatus[] | undefined): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map(ticketKey));
    const gone = ids.filter((id) => items[ticketKey(id)] === undefined);
    if (gone.length > 0) await this.index.drop(new Set(gone));
    return ids.flatMap((id) => {
      const item = items[ticketKey(id)] as Ticket | undefined;
      return item && (!wanted || wanted.includes(item.status)) ? [withoutStoreFields(item)] : [];
    });
  }

  /** Conversations waiting for an agent (the depth a metrics gauge reports). */
  async depth(): Promise<number> {
    return (await this.index.entries()).filter((entry) => entry.status === 'waiting').length;
  }

  /** 1 for the next conversation an agent will take; undefined once it is no longer waiting. */
  async position(id: string): Promise<number | undefined> {
    const waiting = (await this.index.entries()).filter((entry) => entry.status === 'waiting');
    const at = waiting.findIndex((entry) => entry.id === id);
    return at < 0 ? undefined : at + 1;
  }

  /** Gives the conversation to `agent`; a second claim (by anyone else) is a TicketConflictError. */
  async claim(id: string, agent: string): Promise<Ticket> {
    const ticket = await this.change(id, 'claimed', (current) => {
      if (current.status === 'resolved') throw new TicketConflictError(id, 'the conversation is already resolved');
      if (current.status === 'assigned' && current.agent !== agent) throw new TicketConflictError(id, `the conversation is already claimed by ${current.agent ?? 'another agent'}`);
      if (current.status === 'assigned') return undefined;
      return { ...current, status: 'assigned', agent, claimedAt: this.now().toISOString() };
    });
    await this.index.upsert(ticket);
    return ticket;
  }

  /** Checks that `agent` holds the conversation (for replies, notes on claimed work, resolve). */
  async requireHolder(id: string, agent: string): Promise<Ticket> {
    const ticket = await this.get(id);
    if (!ticket) throw new TicketNotFoundError(id);
    if (ticket.status !== 'assigned' || ticket.agent !== agent) throw new TicketConflictError(id, 'claim the conversation before replying or resolving it');
    return ticket;
  }

  /** Adds a line (cut to MAX_TEXT_LENGTH); a line whose `activityId` is already there is not added twice (a re-run turn). */
  async appendLine(id: string, line: TranscriptLine): Promise<Ticket> {
    return this.change(id, 'message', (current) => {
      if (line.activityId !== undefined && current.messages.some((kept) => kept.activityId === line.activityId)) return undefined;
      return {
        ...current,
        messages: [...current.messages, { ...line, text: line.text.slice(0, MAX_TEXT_LENGTH) }].slice(-MAX_TICKET_LINES),
        ...(line.from === 'customer' ? { lastCustomerAt: line.at } : {}),
      };
    });
  }

  async addNote(id: string, note: TicketNote): Promise<Ticket> {
    return this.change(id, 'note', (current) => ({ ...current, notes: [...current.notes, { ...note, text: note.text.slice(0, MAX_TEXT_LENGTH) }].slice(-MAX_TICKET_NOTES) }));
  }

  /**
   * Tags and the follow-up flag belong to whoever holds the conversation; while it waits, any agent
   * may set them (triage). Checked inside the eTag-checked write, so a claim in between wins.
   * Notes stay open to every agent: they are how a colleague helps the holder.
   */
  async setTags(id: string, tags: string[], agent: string): Promise<Ticket> {
    return this.change(id, 'tags', (current) => ({ ...requireNotHeldByOther(current, agent, 'tags'), tags }));
  }

  async setFollowUp(id: string, followUp: boolean, agent: string): Promise<Ticket> {
    return this.change(id, 'followUp', (current) => ({ ...requireNotHeldByOther(current, agent, 'follow-up'), followUp }));
  }

  /** The customer will leave a message (after hours or instead of waiting longer). */
  async markLeftMessage(id: string): Promise<Ticket> {
    return this.change(id, 'updated', (current) => ({ ...current, leftMessage: true }));
  }

  /** Where to reach the customer once they have left (they gave it after leaving a message). */
  async setContact(id: string, contact: CustomerContact): Promise<Ticket> {
    return this.change(id, 'updated', (current) => ({ ...current, contact: { kind: contact.kind, value: contact.value.slice(0, MAX_CONTACT_LENGTH) } }));
  }

  /** The customer is now reached in another of their conversations: replies, the join notice and the resolve go there. */
  async moveTo(id: string, reference: Ticket['reference']): Promise<Ticket> {
    return this.change(id, 'updated', (current) => ({ ...current, reference }));
  }

  /** Marks the claim timeout as told; false when another instance told the customer already. */
  async markTimeoutNotified(id: string): Promise<boolean> {
    return this.markOnce(id, 'timeoutNotified', 'waiting');
  }

  /** Marks the customer as told who claimed it; false when told already (a repeated claim, another instance). */
  async markJoinNotified(id: string): Promise<boolean> {
    return this.markOnce(id, 'joinNotified', 'assigned');
  }

  /** Sets a flag that says the customer was told something, once: true only for the write that set it. */
  private async markOnce(id: string, flag: 'timeoutNotified' | 'joinNotified', status: TicketStatus): Promise<boolean> {
    let first = false;
    // The join mark follows a claim at once and shows nothing in the inbox: announcing it would
    // replace the claim as the last change other instances poll for.
    const announce = flag !== 'joinNotified';
    await this.change(id, 'updated', (current) => {
      if (current[flag] || current.status !== status) return undefined;
      first = true;
      return { ...current, [flag]: true };
    }, announce);
    return first;
  }

  /** Ends the handover, by the agent or by the customer going back to the bot. */
  async resolve(id: string, by: { agent: string } | { customer: true }): Promise<Ticket> {
    const ticket = await this.change(id, 'resolved', (current) => {
      if (current.status === 'resolved') {
        // The agent who resolved it may repeat it (to send the notice again); anyone else is refused.
        if ('agent' in by && current.agent !== by.agent) throw new TicketConflictError(id, 'the conversation is already resolved');
        return undefined;
      }
      if ('agent' in by && (current.status !== 'assigned' || current.agent !== by.agent)) throw new TicketConflictError(id, 'claim the conversation before resolving it');
      return { ...current, status: 'resolved', resolvedAt: this.now().toISOString() };
    });
    await this.index.upsert(ticket);
    return ticket;
  }

  async setRating(id: string, rating: number): Promise<Ticket> {
    return this.change(id, 'rated', (current) => ({ ...current, rating }));
  }

  /** Waiting tickets nobody claimed within `timeoutMs` whose customer has not been told yet. */
  async overdue(timeoutMs: number): Promise<Ticket[]> {
    const now = this.now().getTime();
    return (await this.list('waiting')).filter((ticket) => !ticket.timeoutNotified && !ticket.leftMessage && now - Date.parse(ticket.createdAt) >= timeoutMs);
  }

  private async change(id: string, kind: QueueChange['kind'], edit: (current: Ticket) => Ticket | undefined, announce = true): Promise<Ticket> {
    let result: Ticket | undefined;
    let changed = false;
    await updateItem<Ticket>(
      this.storage,
      ticketKey(id),
      (current) => {
        if (!current) throw new TicketNotFoundError(id);
        const next = edit(current);
        changed = next !== undefined;
        result = next ?? current;
        return next;
      },
      TICKET_TTL_SECONDS,
    );
    if (!result) throw new TicketNotFoundError(id);
    if (changed && announce) await this.emit(kind, result);
    return result;
  }

  /**
   * Tells listeners here at once, and other instances through the last-change item they poll
   * (written unconditionally: it is a signal that something changed, not data to merge).
   */
  private async emit(kind: QueueChange['kind'], ticket: Ticket): Promise<void> {
    const change: QueueChange = { kind, ticketId: ticket.id, status: ticket.status };
    this.sequence += 1;
    await this.storage.write({ [LAST_CHANGE_KEY]: { instance: this.instance, sequence: this.sequence, change, ttl: LAST_CHANGE_TTL_SECONDS } });
    this.events.emit('change', change);
  }

  /** The latest change another instance made, when it differs from `seen` (a cursor this returns). */
  async remoteChange(seen: string | undefined): Promise<{ cursor: string; change: QueueChange | undefined }> {
    const item = await readItem<LastChange>(this.storage, LAST_CHANGE_KEY);
    if (!item) return { cursor: seen ?? '', change: undefined };
    const cursor = `${item.instance}/${item.sequence}`;
    const fresh = seen !== undefined && cursor !== seen && item.instance !== this.instance;
    return { cursor, change: fresh ? item.change : undefined };
  }
}
