/**
 * The kinds of item the app keeps, and for each how long it is kept and what an erase does with
 * it. Every key written must match one kind (test/integration/retention.test.ts fails otherwise),
 * so a new kind of item cannot be added without deciding its retention.
 */

/** Retention groups: one RETENTION_DAYS for all, and per-group overrides (RETENTION_DAYS_BY_KIND). */
export const RETENTION_GROUPS = ['conversations', 'tickets', 'bookings', 'returns', 'consents', 'customers', 'audit'] as const;
export type RetentionGroup = (typeof RETENTION_GROUPS)[number];

export type KindRetention =
  /** Kept RETENTION_DAYS (or the group's own days) after its last write, or after `retainFrom` when later. */
  | { group: RetentionGroup; retainFrom?: (item: Record<string, unknown>) => number | undefined }
  /** The writer gives every item its own, shorter life (a job until due, a mark for a day); `why` says how long. */
  | { own: string }
  /** Holds nothing about a person, so it is kept; `why` says what it holds. */
  | { keep: string };

export type KindErasure =
  /** The whole item is one customer's: deleted when it names them; its last key segment names it elsewhere (a ticket id in the index). */
  | 'delete'
  /** Entries of many customers: the entries naming this one are taken out, the rest stays. */
  | 'scrub'
  /** Holds nothing about a person; untouched. */
  | 'none'
  /** Kept for the shop's records without the personal data: the function returns what stays. */
  | { anonymise: (item: Record<string, unknown>) => Record<string, unknown> };

export interface StoredKind {
  /** What it is, as docs/privacy.md and the export name it. */
  name: string;
  pattern: RegExp;
  retention: KindRetention;
  erase: KindErasure;
}

/** The first kind whose pattern matches `key`; undefined for a key nobody declared. */
export function kindOf(kinds: readonly StoredKind[], key: string): StoredKind | undefined {
  return kinds.find((kind) => kind.pattern.test(key));
}

const CONVERSATION = /^[^/]+\/conversations\/.+/;

/** What the ground floor keeps: turn state, delivery marks, the outbox's retry index, the scheduler. */
export const BOT_STORED_KINDS: readonly StoredKind[] = [
  { name: 'delivery mark', pattern: /^[^/]+\/conversations\/.+\/delivery$/, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'conversation state', pattern: CONVERSATION, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'customer state', pattern: /^[^/]+\/users\/.+/, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'reply retry index', pattern: /^outbox\/retry\/\d+$/, retention: { group: 'conversations' }, erase: 'scrub' },
  { name: 'undeliverable reply', pattern: /^outbox\/dead\/.+/, retention: { own: '90 days' }, erase: 'delete' },
  { name: 'undeliverable reply list', pattern: /^outbox\/dead$/, retention: { group: 'conversations' }, erase: 'scrub' },
  { name: 'scheduled job', pattern: /^scheduler\/job\/.+/, retention: { own: 'until due, then 30 days' }, erase: 'delete' },
  { name: 'scheduled job due index', pattern: /^scheduler\/due\/.+/, retention: { own: 'until its minute has passed' }, erase: 'scrub' },
  { name: 'scheduled jobs about a subject', pattern: /^scheduler\/subject\/.+/, retention: { own: 'until the last job is due, then 30 days' }, erase: 'delete' },
  { name: 'scheduler cursor', pattern: /^scheduler\/cursor$/, retention: { keep: 'the minute the scheduler has reached' }, erase: 'none' },
  { name: 'server key', pattern: /^secrets\/[a-z-]+$/, retention: { keep: 'a random key the server signs Message-IDs and audit hashes with' }, erase: 'none' },
];
