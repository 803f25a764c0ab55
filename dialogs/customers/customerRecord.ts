import type { ConversationReference } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';

/**
 * How an identity or contact came to belong to a customer. Only proofs count: an address typed in
 * a chat is never one (anyone can type one).
 */
export type LinkProof =
  /** The identity the record was opened for. */
  | 'first-contact'
  /** A one-time code mailed to the address and typed back in this chat. */
  | 'email-code'
  /** The e-mail channel's own sender check: replies go to that address. */
  | 'email-sender'
  /** Telegram's shared contact, of the sender's own account. */
  | 'telegram-contact'
  /** An agent merged two records by hand (audited). */
  | 'agent-merge';

/** One channel's user (bots/state/stateKeys.ts customerKeyFor: `webchat/users/…`). */
export interface CustomerIdentity {
  key: string;
  channel: string;
  linkedAt: string;
  via: LinkProof;
}

export type ContactKind = 'email' | 'phone';

export interface VerifiedContact {
  kind: ContactKind;
  value: string;
  verifiedAt: string;
  via: LinkProof;
  /** The identity that proved it: a split takes the contact along with it. */
  identity?: string;
}

/** A conversation the customer had, where the bot or an agent can write to them again. */
export interface CustomerConversation {
  /** The conversation's state key (`webchat/conversations/…`). */
  key: string;
  channel: string;
  identity: string;
  reference: Partial<ConversationReference>;
  lastAt: string;
}

/** One person across channels. */
export interface CustomerRecord {
  id: string;
  createdAt: string;
  identities: CustomerIdentity[];
  contacts: VerifiedContact[];
  conversations: CustomerConversation[];
  locale?: Locale;
  /** Set on a record merged into another: where its identities went. */
  mergedInto?: string;
}

export const recordKey = (id: string) => `customers/record/${id}`;
export const identityKey = (identity: string) => `customers/identity/${identity}`;
/** Addresses are compared without case; phone numbers by their digits (and a leading +). */
export const normaliseContact = (kind: ContactKind, value: string) => (kind === 'email' ? value.trim().toLowerCase() : value.replace(/[^\d+]/g, ''));
export const contactKey = (kind: ContactKind, value: string) => `customers/contact/${kind}/${encodeURIComponent(normaliseContact(kind, value))}`;

/** The conversation the customer wrote in last: replies go there unless an agent picks another. */
export function lastConversation(record: CustomerRecord): CustomerConversation | undefined {
  return [...record.conversations].sort((a, b) => a.lastAt.localeCompare(b.lastAt)).at(-1);
}

/** A record that is someone's and not a forwarding note. */
export const isLive = (record: CustomerRecord | undefined): record is CustomerRecord => record !== undefined && record.mergedInto === undefined;
