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
  /** We sent this Message-ID: quoting it back shows the mail comes from the thread's mailbox. */
  sent?: boolean;
}

/** The thread a mail belongs to, and whether it answers a mail we sent there. */
export interface ResolvedThread {
  thread: ThreadRecord;
  answersOurs: boolean;
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

  async resolve(mail: InboundMail & { from: { address: string; name: string } }): Promise<ResolvedThread> {
    const sender = mail.from.address;
    const referenced = [...new Set([mail.inReplyTo, ...[...mail.references].reverse()].filter((id): id is string => Boolean(id)))];
    let found: ThreadRecord | undefined;
    for (const messageId of referenced) {
      const pointer = await readItem<Pointer>(this.storage, messageKey(messageId));
      const thread = pointer && (await this.get(pointer.conversationId));
      if (!thread) continue;
      if (thread.customer !== sender) {
        this.logger.warn({ conversationId: thread.conversationId }, 'email refers to a thread of another customer; starting a separate one');
        continue;
      }
      // Any reference finds the thread; only one to a mail of ours in it proves the sender.
      if (pointer.sent === true && (!found || found.conversationId === thread.conversationId)) return { thread, answersOurs: true };
      found ??= thread;
    }
    if (found) return { thread: found, answersOurs: false };
    const bySubject = mail.subject.trim() ? await readItem<Pointer>(this.storage, subjectKey(sender, mail.subject)) : undefined;
    const known = bySubject && (await this.get(bySubject.conversationId));
    if (known && known.customer === sender) return { thread: known, answersOurs: false };

    // Derived from the first mail, so processing that mail again after a crash lands in the same place.
    const conversationId = `email-${sha(`${sender}\n${mailKey(mail)}`, 24)}`;
    const fresh: ThreadRecord = { conversationId, customer: sender, customerName: mail.from.name, subject: subjectCore(mail.subject), references: [], choices: [] };
    const created = (await updateItem<ThreadRecord>(this.storage, threadKey(conversationId), (current) => (current ? undefined : fresh), THREAD_TTL)) ?? fresh;
    if (mail.subject.trim()) await this.storage.write({ [subjectKey(sender, mail.subject)]: { conversationId, ttl: SUBJECT_TTL } });
    return { thread: created, answersOurs: false };
  }

  /** Adds a Message-ID received in the thread. */
  async received(conversationId: string, messageId: string): Promise<ThreadRecord | undefined> {
    return this.record(conversationId, messageId, { conversationId });
  }

  /** Adds a Message-ID we sent in the thread, with the `choices` its reply offered. */
  async sent(conversationId: string, messageId: string, choices: string[] | undefined): Promise<ThreadRecord | undefined> {
    return this.record(conversationId, messageId, { conversationId, sent: true }, choices);
  }

  private async record(conversationId: string, messageId: string, pointer: Pointer, choices?: string[]): Promise<ThreadRecord | undefined> {
    await this.storage.write({ [messageKey(messageId)]: { ...pointer, ttl: MESSAGE_ID_TTL } });
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
