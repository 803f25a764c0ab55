import type { Activity, ConversationReference } from 'botbuilder';
import { readItem, updateItem } from '../state/storeItem';
import type { ManagedStorage } from '../state/types';

/** A conversation whose replies wait for a retry, and how to reach it again. */
export interface QueuedConversation {
  reference: Partial<ConversationReference>;
  nextAttemptAt: number;
  /** An instance resuming it holds it until then, so two instances do not send the same reply. */
  leaseUntil: number;
}

interface IndexItem {
  conversations: Record<string, QueuedConversation>;
}

export interface DeadLetter {
  conversationKey: string;
  key: string;
  activities: Partial<Activity>[];
  error: string;
  attempts: number;
  failedAt: string;
}

const INDEX_KEY = 'outbox/retry';
const DEAD_INDEX_KEY = 'outbox/dead';
const DEAD_LETTER_TTL_SECONDS = 90 * 24 * 60 * 60;
const DEAD_LETTERS_LISTED = 500;

/**
 * The conversations with replies waiting for a retry, in one item. It is written only when a send
 * fails and when such a conversation is delivered again, never on an ordinary turn, so its being
 * one item (and contended in an outage) costs nothing on the happy path.
 */
export class RetryIndex {
  constructor(private readonly storage: ManagedStorage) {}

  async list(): Promise<Record<string, QueuedConversation>> {
    return (await readItem<IndexItem>(this.storage, INDEX_KEY))?.conversations ?? {};
  }

  async enqueue(conversationKey: string, reference: Partial<ConversationReference>, nextAttemptAt: number): Promise<void> {
    await updateItem<IndexItem>(this.storage, INDEX_KEY, (index) => {
      const conversations = { ...index?.conversations };
      const current = conversations[conversationKey];
      if (current?.nextAttemptAt === nextAttemptAt && current.leaseUntil === 0) return undefined;
      // A new attempt time also ends the lease of the turn that just tried.
      conversations[conversationKey] = { reference, nextAttemptAt, leaseUntil: 0 };
      return { conversations };
    });
  }

  async remove(conversationKey: string): Promise<void> {
    await updateItem<IndexItem>(this.storage, INDEX_KEY, (index) => {
      if (!index?.conversations[conversationKey]) return undefined;
      const conversations = { ...index.conversations };
      delete conversations[conversationKey];
      return { conversations };
    });
  }

  /** Takes the conversation for `leaseMs` if it is due and nobody holds it; false when it is not ours to send. */
  async lease(conversationKey: string, now: number, leaseMs: number): Promise<boolean> {
    let taken = false;
    await updateItem<IndexItem>(this.storage, INDEX_KEY, (index) => {
      taken = false;
      const current = index?.conversations[conversationKey];
      if (!current || current.nextAttemptAt > now || current.leaseUntil > now) return undefined;
      taken = true;
      return { conversations: { ...index.conversations, [conversationKey]: { ...current, leaseUntil: now + leaseMs } } };
    });
    return taken;
  }

  async bury(letter: DeadLetter): Promise<void> {
    const id = `${letter.conversationKey}/${letter.key}`;
    await this.storage.write({ [`${DEAD_INDEX_KEY}/${id}`]: { ...letter, ttl: DEAD_LETTER_TTL_SECONDS } });
    await updateItem<{ ids: string[] }>(this.storage, DEAD_INDEX_KEY, (index) => ({ ids: [...(index?.ids ?? []).filter((known) => known !== id), id].slice(-DEAD_LETTERS_LISTED) }));
  }

  /** The newest dead letters (up to 500), oldest first; each is kept 90 days. */
  async deadLetters(): Promise<DeadLetter[]> {
    const ids = (await readItem<{ ids: string[] }>(this.storage, DEAD_INDEX_KEY))?.ids ?? [];
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map((id) => `${DEAD_INDEX_KEY}/${id}`));
    return ids.flatMap((id) => {
      const item = items[`${DEAD_INDEX_KEY}/${id}`] as (DeadLetter & { eTag?: string; ttl?: number }) | undefined;
      if (!item) return [];
      const { eTag: _eTag, ttl: _ttl, ...letter } = item;
      return [letter];
    });
  }
}
