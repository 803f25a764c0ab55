import type { Logger } from '../../bots/logger';
import type { ManagedStorage } from '../../bots/state/types';
import { mailKey, normaliseSubject, sha, subjectCore } from './inbound';
import { readItem, updateItem } from '../../bots/state/storeItem';
import type { InboundMail, ThreadRecord } from './wireTypes';

const DAY = 24 * 60 * 60;
/** How long a Message-ID keeps pointing at its conversation: replies to old mail still thread. */
const MESSAGE_ID_TTL = 180 * DAY;
/** A new mail with a known subject joins the sender's conversation within this time. */
const SUBJECT_TTL = 30 * DAY;
const THREAD_TTL = 180 * DAY;
const MAX_REFERENCES = 20;

const threadKey = (conversationId: string) => `email/thread/${conversationId}`;
const messageKey = (messageId: string) => `email/msg/${sha(messageId.toLowerCase())}`;
const subjectKey = (sender: string, subject: string) => `email/subject/${sha(`${sender}\n${normaliseSubject(subject)}`)}`;

interface Pointer {
  conversationId: string;
}

/**
 * Which conversation a mail belongs to. A thread is found by In-Reply-To/References against
 * Message-IDs we sent or received, else by sender + normalised subject, else it starts here. A
 * reference only counts when the sender is the thread's customer, so a forged In-Reply-To cannot
 * join someone else's conversation.
 */
export class ThreadStore {
  constructor(
    private readonly storage: ManagedStorage,
    private readonly logger: Logger,
  ) {}

  async get(conversationId: string): Promise<ThreadRecord | undefined> {
    return readItem<ThreadRecord>(this.storage, threadKey(conversationId));
  }

  async resolve(mail: InboundMail & { from: { address: string; name: string } }): Promise<ThreadRecord> {
    const sender = mail.from.address;
    const referenced = [...new Set([mail.inReplyTo, ...[...mail.references].reverse()].filter((id): id is string => Boolean(id)))];
    for (const messageId of referenced) {
      const pointer = await readItem<Pointer>(this.storage, messageKey(messageId));
      const thread = pointer && (await this.get(pointer.conversationId));
      if (!thread) continue;
      if (thread.customer === sender) return thread;
      this.logger.warn({ conversationId: thread.conversationId }, 'email refers to a thread of another customer; starting a separate one');
    }
    const bySubject = mail.subject.trim() ? await readItem<Pointer>(this.storage, subjectKey(sender, mail.subject)) : undefined;
    const known = bySubject && (await this.get(bySubject.conversationId));
    if (known && known.customer === sender) return known;

    // Derived from the first mail, so processing that mail again after a crash lands in the same place.
    const conversationId = `email-${sha(`${sender}\n${mailKey(mail)}`, 24)}`;
    const fresh: ThreadRecord = { conversationId, customer: sender, customerName: mail.from.name, subject: subjectCore(mail.subject), references: [], choices: [] };
    const created = (await updateItem<ThreadRecord>(this.storage, threadKey(conversationId), (current) => (current ? undefined : fresh), THREAD_TTL)) ?? fresh;
    if (mail.subject.trim()) await this.storage.write({ [subjectKey(sender, mail.subject)]: { conversationId, ttl: SUBJECT_TTL } });
    return created;
  }

  /** Adds a Message-ID (received or sent) to the thread, and `choices` when a reply offered options. */
  async record(conversationId: string, messageId: string, choices?: string[]): Promise<ThreadRecord | undefined> {
    await this.storage.write({ [messageKey(messageId)]: { conversationId, ttl: MESSAGE_ID_TTL } });
    return updateItem<ThreadRecord>(
      this.storage,
      threadKey(conversationId),
      (thread) =>
        thread && {
          ...thread,
          references: [...thread.references.filter((id) => id !== messageId), messageId].slice(-MAX_REFERENCES),
          ...(choices ? { choices } : {}),
        },
      THREAD_TTL,
    );
  }
}
