import { readItem, updateItem } from '../../bots/state/storeItem';
import type { ManagedStorage } from '../../bots/state/types';
import type { Ticket, TicketStatus } from './ticket';

const INDEX_KEY = 'handover/index';
/** Resolved tickets stay listed this long (the newest this many). */
const RESOLVED_KEPT = 200;

export interface IndexEntry {
  id: string;
  status: TicketStatus;
  createdAt: string;
}

interface StoredIndex {
  entries: IndexEntry[];
}

/**
 * The one item listing every ticket by arrival, with its status: the queue's order, its depth and
 * a customer's place in line, without reading the tickets. Each change is an eTag-checked update.
 */
export class TicketIndex {
  constructor(private readonly storage: ManagedStorage) {}

  /** Oldest first. */
  async entries(): Promise<IndexEntry[]> {
    return (await readItem<StoredIndex>(this.storage, INDEX_KEY))?.entries ?? [];
  }

  /** Adds the ticket or updates its status where it stands; keeps the newest RESOLVED_KEPT resolved ones. */
  async upsert(ticket: Ticket): Promise<void> {
    await updateItem<StoredIndex>(this.storage, INDEX_KEY, (current) => {
      // Updated in place, so tickets created in the same millisecond keep their arrival order.
      const entry = { id: ticket.id, status: ticket.status, createdAt: ticket.createdAt };
      const known = (current?.entries ?? []).some((kept) => kept.id === ticket.id);
      const entries = known ? (current?.entries ?? []).map((kept) => (kept.id === ticket.id ? entry : kept)) : [...(current?.entries ?? []), entry];
      entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const resolved = entries.filter((entry) => entry.status === 'resolved');
      const dropped = new Set(resolved.slice(0, Math.max(0, resolved.length - RESOLVED_KEPT)).map((entry) => entry.id));
      return { entries: entries.filter((entry) => !dropped.has(entry.id)) };
    });
  }

  /** Forgets tickets the store has expired (TTL), so the index does not grow without bound. */
  async drop(ids: ReadonlySet<string>): Promise<void> {
    await updateItem<StoredIndex>(this.storage, INDEX_KEY, (current) => {
      const entries = current?.entries ?? [];
      const kept = entries.filter((entry) => !ids.has(entry.id));
      return kept.length === entries.length ? undefined : { entries: kept };
    });
  }
}
