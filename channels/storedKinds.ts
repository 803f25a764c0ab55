import type { StoredKind } from '../bots/state/storedKinds';

/** What the channels keep beside the turn state (bots/state/storedKinds.ts says what the fields mean). */
export const CHANNEL_STORED_KINDS: readonly StoredKind[] = [
  { name: 'web chat log entry', pattern: /^webchat\/log\/.+\/\d+$/, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'web chat log', pattern: /^webchat\/log\/.+/, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'Telegram button value', pattern: /^telegram\/callback\/.+/, retention: { own: '30 days' }, erase: 'delete' },
  { name: 'Telegram chat that blocked the bot', pattern: /^telegram\/unreachable\/.+/, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'Messenger messaging window', pattern: /^facebook\/lastInbound\/.+/, retention: { own: '8 days' }, erase: 'delete' },
  { name: 'e-mail thread', pattern: /^email\/thread\/.+/, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'e-mail Message-ID', pattern: /^email\/msg\/.+/, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'e-mail subject', pattern: /^email\/subject\/.+/, retention: { group: 'conversations' }, erase: 'delete' },
  { name: 'e-mail processed', pattern: /^email\/processed\/.+/, retention: { own: '90 days' }, erase: 'none' },
  { name: 'mailbox position', pattern: /^email\/checkpoint\/.+/, retention: { keep: 'the last IMAP UID read from the mailbox' }, erase: 'none' },
];
