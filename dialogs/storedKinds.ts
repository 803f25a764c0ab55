import type { StoredKind } from '../bots/state/storedKinds';

const startOf = (value: unknown): number | undefined => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : undefined);

/**
 * What the dialogs keep (bots/state/storedKinds.ts says what the fields mean). A booking is kept
 * RETENTION_DAYS after its appointment, not after it was made, so one booked months ahead is there
 * on the day. Return requests stay for the shop's records without the customer (docs/privacy.md).
 */
export const DIALOG_STORED_KINDS: readonly StoredKind[] = [
  { name: 'customer record', pattern: /^customers\/record\/.+/, retention: { group: 'customers' }, erase: 'delete' },
  { name: 'customer identity link', pattern: /^customers\/identity\/.+/, retention: { group: 'customers' }, erase: 'delete' },
  { name: 'customer contact link', pattern: /^customers\/contact\/.+/, retention: { group: 'customers' }, erase: 'delete' },
  { name: 'verification code', pattern: /^customers\/code\/.+/, retention: { own: 'an hour (the code works 15 minutes)' }, erase: 'delete' },
  { name: 'customer merge or split', pattern: /^customers\/audit\/.+/, retention: { group: 'audit' }, erase: 'delete' },
  { name: 'privacy request', pattern: /^privacy\/audit\/.+/, retention: { group: 'audit' }, erase: 'none' },
  { name: 'erase request waiting', pattern: /^privacy\/request\/.+/, retention: { own: 'until carried out, at most 7 days' }, erase: 'none' },
  { name: 'handover ticket', pattern: /^handover\/ticket\/.+/, retention: { group: 'tickets' }, erase: 'delete' },
  { name: 'handover queue', pattern: /^handover\/index$/, retention: { group: 'tickets' }, erase: 'scrub' },
  { name: 'last handover change', pattern: /^handover\/lastChange$/, retention: { own: '1 day' }, erase: 'delete' },
  { name: 'opt-outs', pattern: /^optouts\/.+/, retention: { group: 'consents' }, erase: 'delete' },
  { name: 'shop event followers', pattern: /^events\/followers\/.+/, retention: { group: 'conversations' }, erase: 'scrub' },
  { name: 'booked slots per day', pattern: /^booking\/day\/.+/, retention: { keep: 'how many places of each slot are taken, no names' }, erase: 'none' },
  { name: 'booking', pattern: /^booking\/code\/.+/, retention: { group: 'bookings', retainFrom: (item) => startOf(item.start) }, erase: 'delete' },
  { name: "customer's bookings", pattern: /^booking\/customer\/.+/, retention: { group: 'bookings', retainFrom: (item) => startOf(item.latestStart) }, erase: 'delete' },
  {
    name: 'return request',
    pattern: /^returns\/rma\/.+/,
    retention: { group: 'returns' },
    erase: { anonymise: ({ rma, orderNumber, skus, reason, resolution, exchangeFor, createdAt }) => ({ rma, orderNumber, skus, reason, resolution, exchangeFor, createdAt, anonymised: true }) },
  },
  { name: 'items returned per order', pattern: /^returns\/order\/.+/, retention: { group: 'returns' }, erase: 'none' },
  { name: "customer's return requests", pattern: /^returns\/customer\/.+/, retention: { group: 'returns' }, erase: 'delete' },
  { name: "customer's return requests (order system)", pattern: /^returns\/api\/customer\/.+/, retention: { group: 'returns' }, erase: 'delete' },
  { name: 'return request in flight', pattern: /^returns\/api\/pending\/.+/, retention: { own: 'a day' }, erase: 'none' },
];
