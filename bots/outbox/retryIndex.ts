import type { Activity, ConversationReference } from '../botFramework';
import { createHash } from 'node:crypto';
import { readItem, updateItem } from '../state/storeItem';
import { ETAG_NEW_ITEM, isETagConflict, type ManagedStorage } from '../state/types';

/** A conversation whose replies wait for a retry, and how to reach it again. */
export interface QueuedConversation {
  reference: Partial<ConversationReference>;
  nextAttemptAt: number;
  /** An instance resuming it holds it until then, so two instances do not send the same reply. */
  leaseUntil: number;
  /** When it was first queued: a conversation no turn can resume is given up after the dead-letter age. */
  since: number;
}

/** What resuming needs of a reference, so a shard stays small. */
function compact(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  const { channelId, serviceUrl, conversation, user, bot, locale } = reference;
  return {
    ...(channelId ? { channelId } : {}),
    ...(serviceUrl ? { serviceUrl } : {}),
    ...(conversation ? { conversation: { id: conversation.id, isGroup: conversation.isGroup, conversationType: conversation.conversationType, name: '', ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}) } } : {}),
    ...(user ? { user: { id: user.id, name: user.name } } : {}),
    ...(bot ? { bot: { id: bot.id, name: bot.name } } : {}),
    ...(locale ? { locale } : {}),
  };
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

/**
 * The index is spread over this many items, by a hash of the conversation key: an outage makes
 * many conversations fail at once, and one item would be both contended and, with thousands of
 * references, too large for a Cosmos DB item.
 */
const SHARDS = 32;
const shardKey = (shard: number) => `outbox/retry/${shard}`;
const shardOf = (conversationKey: string) => createHash('sha256').update(conversationKey).digest().readUInt32BE(0) % SHARDS;
const DEAD_INDEX_KEY = 'outbox/dead';
const DEAD_LETTER_TTL_SECONDS = 90 * 24 * 60 * 60;
const DEAD_LETTERS_LISTED = 500;

/**
 * The conversations with replies waiting for a retry. It is written only when a send fails and
 * when such a conversation is delivered again, never on an ordinary turn.
 */
export class RetryIndex {
  constructor(private readonly storage: ManagedStorage) {}

  async list(): Promise<Record<string, QueuedConversation>> {
    const keys = Array.from({ length: SHARDS }, (_, shard) => shardKey(shard));
    const items = await this.storage.read(keys);
    return Object.assign({}, ...keys.map((key) => (items[key] as IndexItem | undefined)?.conversations ?? {})) as Record<string, QueuedConversation>;
  }

  async enqueue(conversationKey: string, reference: Partial<ConversationReference>, nextAttemptAt: number, now: number): Promise<void> {
    await this.update(conversationKey, (current) => {
      if (current?.nextAttemptAt === nextAttemptAt && current.leaseUntil === 0) return undefined;
      // A new attempt time also ends the lease of the turn that just tried.
      return { reference: compact(reference), nextAttemptAt, leaseUntil: 0, since: current?.since ?? now };
    });
  }

  /** Takes it out, unless it was queued again (a newer attempt time) since `seenAt` was read. */
  async remove(conversationKey: string, seenAt?: number): Promise<void> {
    await this.update(conversationKey, (current) => (current && (seenAt === undefined || current.nextAttemptAt <= seenAt) ? null : undefined));
  }

  /** Takes the conversation for `leaseMs` if it is due and nobody holds it; false when it is not ours to send. */
  async lease(conversationKey: string, now: number, leaseMs: number): Promise<boolean> {
    let taken = false;
    await this.update(conversationKey, (current) => {
      taken = false;
      if (!current || current.nextAttemptAt > now || current.leaseUntil > now) return undefined;
      taken = true;
      return { ...current, leaseUntil: now + leaseMs };
    });
    return taken;
  }

  /**
   * Read-modify-write of one conversation's entry in its shard, with the eTag read: `change`
   * returns the new entry, null to remove it, undefined to leave it. Conflicts are retried with a
   * short random pause, since in an outage many turns queue at once.
   */
  private async update(conversationKey: string, change: (current: QueuedConversation | undefined) => QueuedConversation | null | undefined): Promise<void> {
    const key = shardKey(shardOf(conversationKey));
    for (let attempt = 1; ; attempt += 1) {
      const item = await readItem<IndexItem>(this.storage, key);
      const next = change(item?.conversations[conversationKey]);
      if (next === undefined) return;
      const conversations = { ...item?.conversations };
      if (next === null) delete conversations[conversationKey];
      else conversations[conversationKey] = next;
      try {
        await this.storage.write({ [key]: { conversations, eTag: item?.eTag ?? ETAG_NEW_ITEM } });
        return;
      } catch (err) {
        if (!isETagConflict(err) || attempt >= 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 10)));
      }
    }
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
