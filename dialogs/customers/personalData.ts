import { createHash, randomUUID } from 'node:crypto';
import { kindOf, type StoredKind } from '../../bots/state/storedKinds';
import { isETagConflict, type ManagedStorage, type StoreItems } from '../../bots/state/types';
import type { CustomerDirectory } from './customerDirectory';
import { normaliseContact, type CustomerRecord } from './customerRecord';
import { Anchors, partition } from './mentions';

/** Whose data: a customer record, or a verified address or number (which may have no record). */
export type PrivacySubject = { customerId: string } | { email: string } | { phone: string } | { identity: string };

/** `:id` of the privacy API: a customer id, `email:<address>`, `phone:<number>` or a channel identity `webchat/users/<id>`. */
export function parseSubject(raw: string): PrivacySubject | undefined {
  const value = raw.trim();
  if (/^email:[^@\s]+@[^@\s]+\.[^@\s.]+$/i.test(value)) return { email: normaliseContact('email', value.slice(6)) };
  if (/^phone:\+?[\d\s()-]{6,20}$/.test(value)) return { phone: normaliseContact('phone', value.slice(6)) };
  if (/^[a-z0-9.-]{1,40}\/users\/.{1,200}$/i.test(value)) return { identity: value };
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return { customerId: value.toLowerCase() };
  return undefined;
}

export interface ExportedItem {
  key: string;
  kind: string;
  /** For a list shared with other customers, only this customer's entries. */
  data: Record<string, unknown>;
}

export interface PersonalDataExport {
  exportedAt: string;
  customer: CustomerRecord | null;
  items: ExportedItem[];
}

export interface ErasureCounts {
  deleted: number;
  scrubbed: number;
  anonymised: number;
  /** Found but kept as they are (they hold nothing about the person beyond a reference). */
  kept: number;
}

export interface PrivacyActor {
  /** 'operator' (the API) or 'customer' (asked in the chat). */
  by: 'operator' | 'customer';
}

interface Found {
  key: string;
  kind: StoredKind | undefined;
  item: Record<string, unknown>;
}

/** How many items one read asks for while scanning. */
const READ_BATCH = 100;
/** Scans until no new anchor turns up; items name each other a few hops deep at most. */
const MAX_PASSES = 6;
const BOOKKEEPING = new Set(['eTag', 'ttl']);
const withoutBookkeeping = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([field]) => !BOOKKEEPING.has(field)));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A customer's data across the whole store, for GDPR access (Art. 15) and erasure (Art. 17).
 * Items are found by scanning every key, not by asking each dialog, so an item a dialog forgot
 * to index is found all the same; what an erase does with each is its kind's rule (bots/state/
 * storedKinds.ts). Every request leaves an audit entry that names the customer only by a hash.
 */
export class PersonalData {
  constructor(
    private readonly storage: ManagedStorage,
    private readonly kinds: readonly StoredKind[],
    private readonly customers: CustomerDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Everything held about the subject; undefined when nothing is. */
  async export(subject: PrivacySubject, actor: PrivacyActor): Promise<PersonalDataExport | undefined> {
    const { record, found, anchors } = await this.find(subject);
    if (!record && found.length === 0) return undefined;
    const items = found.map(({ key, kind, item }) => ({ key, kind: kind?.name ?? 'undeclared', data: kind?.erase === 'scrub' ? partition(item, anchors).mine : withoutBookkeeping(item) }));
    await this.audit('export', subject, record, actor, { items: items.length });
    return { exportedAt: this.clock().toISOString(), customer: record ?? null, items };
  }

  /**
   * Deletes or anonymises every item about the subject, by its kind's rule, and takes their
   * entries out of shared lists. Running it again finds nothing left to do: all counts 0 (an
   * anonymised item no longer names them).
   */
  async erase(subject: PrivacySubject, actor: PrivacyActor): Promise<ErasureCounts> {
    const { record, found, anchors } = await this.find(subject);
    const counts: ErasureCounts = { deleted: 0, scrubbed: 0, anonymised: 0, kept: 0 };
    for (const entry of found) counts[await this.eraseOne(entry, anchors)] += 1;
    await this.audit('erase', subject, record, actor, { ...counts });
    return counts;
  }

  private async find(subject: PrivacySubject): Promise<{ record: CustomerRecord | undefined; found: Found[]; anchors: Anchors }> {
    const record = await this.recordOf(subject);
    const anchors = initialAnchors(subject, record);
    const found = new Map<string, Found>();
    for (let pass = 0; pass < MAX_PASSES; pass += 1) {
      const before = anchors.size;
      for await (const batch of this.batches()) {
        const items = await this.storage.read(batch);
        for (const [key, stored] of Object.entries(items)) {
          const item = stored as Record<string, unknown> | undefined;
          if (!item || found.has(key) || key.startsWith('privacy/')) continue;
          if (!anchors.inKey(key) && !anchors.inValue(withoutBookkeeping(item))) continue;
          const kind = kindOf(this.kinds, key);
          found.set(key, { key, kind, item });
          // An item that is wholly theirs names their other items by its id: a ticket in the queue, a job in the due index.
          if (kind === undefined || kind.erase === 'delete') for (const id of ownIds(key)) anchors.add(id);
        }
      }
      if (anchors.size === before) break;
    }
    return { record, found: [...found.values()].sort((a, b) => a.key.localeCompare(b.key)), anchors };
  }

  private async *batches(): AsyncIterable<string[]> {
    let batch: string[] = [];
    for await (const key of this.storage.keys('')) {
      batch.push(key);
      if (batch.length >= READ_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  private async recordOf(subject: PrivacySubject): Promise<CustomerRecord | undefined> {
    if ('customerId' in subject) return this.customers.get(subject.customerId);
    if ('identity' in subject) return this.customers.ofIdentity(subject.identity);
    return 'email' in subject ? this.customers.ofContact('email', subject.email) : this.customers.ofContact('phone', subject.phone);
  }

  private async eraseOne({ key, kind }: Found, anchors: Anchors): Promise<keyof ErasureCounts> {
    const rule = kind?.erase ?? 'delete';
    if (rule === 'none') return 'kept';
    if (rule === 'delete') {
      await this.storage.delete([key]);
      return 'deleted';
    }
    for (let attempt = 1; ; attempt += 1) {
      // Read again: a shared list changes under us (another customer joins the queue).
      const current = (await this.storage.read([key]))[key] as Record<string, unknown> | undefined;
      if (!current) return 'deleted';
      const change = this.changeOf(rule, current, anchors);
      if (change === 'delete') {
        await this.storage.delete([key]);
        return 'deleted';
      }
      if (change === undefined) return rule === 'scrub' ? 'scrubbed' : 'anonymised';
      try {
        await this.storage.write({ [key]: { ...change, eTag: current.eTag } } as StoreItems);
        return rule === 'scrub' ? 'scrubbed' : 'anonymised';
      } catch (err) {
        if (!isETagConflict(err) || attempt >= 8) throw err;
      }
    }
  }

  /** The item to write instead, 'delete', or undefined when it already holds nothing of theirs. */
  private changeOf(rule: Exclude<StoredKind['erase'], 'none' | 'delete'>, current: Record<string, unknown>, anchors: Anchors): Record<string, unknown> | 'delete' | undefined {
    const plain = withoutBookkeeping(current);
    if (rule === 'scrub') {
      const { mine, rest, restHoldsEntries } = partition(plain, anchors);
      if (Object.keys(mine).length === 0) return undefined;
      return restHoldsEntries ? rest : 'delete';
    }
    const anonymised = rule.anonymise(plain);
    return JSON.stringify(anonymised) === JSON.stringify(plain) ? undefined : anonymised;
  }

  private async audit(action: 'export' | 'erase', subject: PrivacySubject, record: CustomerRecord | undefined, actor: PrivacyActor, counts: Record<string, number>): Promise<void> {
    const at = this.clock().toISOString();
    // The entry proves the request was handled without keeping whom it was about in the clear.
    const customer = sha256(record?.id ?? JSON.stringify(subject));
    await this.storage.write({ [`privacy/audit/${at}-${randomUUID()}`]: { at, action, by: actor.by, customer, counts } });
  }
}

function initialAnchors(subject: PrivacySubject, record: CustomerRecord | undefined): Anchors {
  const anchors = new Anchors();
  if ('customerId' in subject) anchors.add(subject.customerId);
  else if ('identity' in subject) addKey(anchors, subject.identity, '/users/');
  else anchors.add('email' in subject ? subject.email : subject.phone);
  if (!record) return anchors;
  anchors.add(record.id);
  for (const identity of record.identities) addKey(anchors, identity.key, '/users/');
  for (const conversation of record.conversations) addKey(anchors, conversation.key, '/conversations/');
  for (const contact of record.contacts) anchors.add(contact.value);
  return anchors;
}

/** `telegram/users/42` is named by its key anywhere, and by `42` only inside Telegram's own items. */
function addKey(anchors: Anchors, key: string, marker: '/users/' | '/conversations/'): void {
  anchors.add(key);
  const at = key.indexOf(marker);
  if (at > 0) anchors.addScoped(key.slice(0, at), key.slice(at + marker.length));
}

/**
 * An item's own id, as other items name it: the last segment of a three-segment key
 * (`handover/ticket/<id>`, `scheduler/job/<id>`). Longer keys are parts of something already
 * found (`webchat/log/<conversation>/<n>`), and their tails would name other people's items too.
 */
function ownIds(key: string): string[] {
  const segments = key.split('/');
  const id = segments[2] ?? '';
  // A channel's user or conversation id is a bare id: it is looked for only in that channel's items (Anchors.addScoped).
  if (segments[1] === 'users' || segments[1] === 'conversations') return [];
  return segments.length === 3 && id.length >= 6 ? [id] : [];
}
