import { randomUUID } from 'node:crypto';
import type { ConversationReference } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { readItem } from '../../bots/state/storeItem';
import { ETAG_NEW_ITEM, isETagConflict, type ManagedStorage } from '../../bots/state/types';
import { contactKey, identityKey, isLive, normaliseContact, recordKey, type ContactKind, type CustomerIdentity, type CustomerRecord, type LinkProof, type VerifiedContact } from './customerRecord';

/** Two changes to one customer crossed: the later one was not made (the inbox answers 409). */
export class CustomerConflictError extends Error {
  override readonly name = 'CustomerConflictError';
  constructor(place: string, id: string) {
    super(`${place}: customer ${id} was changed meanwhile`);
  }
}

type Stored = CustomerRecord & { eTag?: string };

/** What a turn tells the directory about where the customer is. */
export interface Sighting {
  identity: string;
  channel: string;
  conversationKey: string;
  reference: Partial<ConversationReference>;
  locale?: Locale;
}

const strip = ({ eTag: _eTag, ...record }: Stored): CustomerRecord => record;
/** The index items that lead to a record: one per identity and per verified contact. */
const linksOf = (record: CustomerRecord) =>
  Object.fromEntries([...record.identities.map((i) => [identityKey(i.key), { customerId: record.id }]), ...record.contacts.map((c) => [contactKey(c.kind, c.value), { customerId: record.id }])]);
/** The last few conversations are enough to reach someone; older ones stay in the channels' own logs. */
const CONVERSATIONS_KEPT = 20;

/**
 * Customer records: one per person, with the channel identities linked to it on proof, verified
 * contacts and the conversations they had. Each record is changed with its eTag; a merge or split
 * that crosses another change throws CustomerConflictError instead of overwriting it.
 */
export class CustomerDirectory {
  constructor(
    private readonly storage: ManagedStorage,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(id: string): Promise<CustomerRecord | undefined> {
    const found = await this.readLive(id);
    return found && strip(found);
  }

  /** The record an identity (`webchat/users/…`) belongs to. */
  async ofIdentity(identity: string): Promise<CustomerRecord | undefined> {
    const link = await readItem<{ customerId: string }>(this.storage, identityKey(identity));
    return link ? this.get(link.customerId) : undefined;
  }

  /** The record holding a verified contact; an unverified address is in no index. */
  async ofContact(kind: ContactKind, value: string): Promise<CustomerRecord | undefined> {
    const link = await readItem<{ customerId: string }>(this.storage, contactKey(kind, value));
    return link ? this.get(link.customerId) : undefined;
  }

  /** Every identity of the person behind `identity` (just itself when it has no record). */
  async linkedIdentities(identity: string): Promise<string[]> {
    const record = await this.ofIdentity(identity);
    return record ? record.identities.map((i) => i.key) : [identity];
  }

  /** Opens the identity's record on its first turn and notes the conversation it wrote in. */
  async sighted(sighting: Sighting): Promise<CustomerRecord> {
    const now = this.clock().toISOString();
    const note = (record: CustomerRecord): CustomerRecord => ({
      ...record,
      ...(sighting.locale ? { locale: sighting.locale } : {}),
      conversations: [
        ...record.conversations.filter((c) => c.key !== sighting.conversationKey),
        { key: sighting.conversationKey, channel: sighting.channel, identity: sighting.identity, reference: sighting.reference, lastAt: now },
      ].slice(-CONVERSATIONS_KEPT),
    });
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.liveOfIdentity(sighting.identity);
      const record = current ? note(strip(current)) : note({ id: randomUUID(), createdAt: now, identities: [{ key: sighting.identity, channel: sighting.channel, linkedAt: now, via: 'first-contact' }], contacts: [], conversations: [] });
      try {
        // The links are written with the record, so they live as long as it does (retention counts from the last write).
        await this.storage.write({ [recordKey(record.id)]: { ...record, eTag: current?.eTag ?? ETAG_NEW_ITEM }, ...linksOf(record) });
        return record;
      } catch (err) {
        if (!isETagConflict(err) || attempt >= 5) throw err;
      }
    }
  }

  /**
   * Adds a contact the customer proved to the record of `identity`. When another record already
   * holds it (the same address proven from the e-mail channel), the two are one person: merged.
   */
  async verified(identity: string, kind: ContactKind, value: string, via: LinkProof): Promise<CustomerRecord> {
    // The proof was used up getting here (a code is single-use): a race with another write is retried, not failed.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.verifyOnce(identity, kind, normaliseContact(kind, value), via);
      } catch (err) {
        if (!(err instanceof CustomerConflictError || isETagConflict(err)) || attempt >= 5) throw err;
      }
    }
  }

  private async verifyOnce(identity: string, kind: ContactKind, normalised: string, via: LinkProof): Promise<CustomerRecord> {
    const own = (await this.liveOfIdentity(identity)) ?? (await this.opened(identity));
    const link = await readItem<{ customerId: string }>(this.storage, contactKey(kind, normalised));
    const holder = link && (await this.readLive(link.customerId));
    const record = strip(own);
    if (!record.contacts.some((c) => c.kind === kind && c.value === normalised)) {
      record.contacts.push({ kind, value: normalised, verifiedAt: this.clock().toISOString(), via, identity });
      await this.storage.write({ [recordKey(record.id)]: { ...record, eTag: own.eTag } }).catch((err: unknown) => {
        throw isETagConflict(err) ? new CustomerConflictError('CustomerDirectory.verified()', record.id) : err;
      });
    }
    if (holder && holder.id !== record.id) return this.merge(holder.id, record.id, { via });
    // The first record to prove it takes the index; one proving it at the same time finds it on its retry and merges.
    await this.storage.write({ [contactKey(kind, normalised)]: { customerId: record.id, eTag: link?.eTag ?? ETAG_NEW_ITEM } });
    return record;
  }

  /** A record for an identity that has none yet (its first turn's sighting was not written). */
  private async opened(identity: string): Promise<Stored> {
    const now = this.clock().toISOString();
    const record: CustomerRecord = { id: randomUUID(), createdAt: now, identities: [{ key: identity, channel: identity.split('/')[0] ?? '', linkedAt: now, via: 'first-contact' }], contacts: [], conversations: [] };
    await this.storage.write({ [recordKey(record.id)]: { ...record, eTag: ETAG_NEW_ITEM }, [identityKey(identity)]: { customerId: record.id, eTag: ETAG_NEW_ITEM } });
    return (await readItem<CustomerRecord>(this.storage, recordKey(record.id))) ?? record;
  }

  /**
   * Moves everything of record `from` into `into` and leaves a forwarding note. Written survivor
   * first, each with the eTag it was read with: a merge that crosses another change to either
   * record changes nothing (the survivor is put back) and throws CustomerConflictError.
   */
  async merge(into: string, from: string, by: { via: LinkProof; agent?: string }): Promise<CustomerRecord> {
    // Read as stored, not through forwarding notes: a record merged away meanwhile is a conflict,
    // not a licence to merge whatever it now points to.
    const [target, source] = await Promise.all([readItem<CustomerRecord>(this.storage, recordKey(into)), readItem<CustomerRecord>(this.storage, recordKey(from))]);
    if (!isLive(target) || !isLive(source) || into === from) throw new CustomerConflictError('CustomerDirectory.merge()', !isLive(target) ? into : from);
    const merged: CustomerRecord = {
      ...strip(target),
      identities: [...target.identities, ...source.identities.filter((i) => !target.identities.some((t) => t.key === i.key)).map((i) => ({ ...i, via: by.via, linkedAt: this.clock().toISOString() }))],
      contacts: [...target.contacts, ...source.contacts.filter((c) => !target.contacts.some((t) => t.kind === c.kind && t.value === c.value))],
      conversations: [...target.conversations, ...source.conversations].sort((a, b) => a.lastAt.localeCompare(b.lastAt)).slice(-CONVERSATIONS_KEPT),
    };
    const conflict = () => new CustomerConflictError('CustomerDirectory.merge()', into);
    try {
      await this.storage.write({ [recordKey(into)]: { ...merged, eTag: target.eTag } });
    } catch (err) {
      throw isETagConflict(err) ? conflict() : err;
    }
    try {
      await this.storage.write({ [recordKey(from)]: { id: from, createdAt: source.createdAt, identities: [], contacts: [], conversations: [], mergedInto: into, eTag: source.eTag } });
    } catch (err) {
      if (!isETagConflict(err)) throw err;
      // The source changed meanwhile: the survivor goes back to what it was.
      await this.storage.write({ [recordKey(into)]: { ...strip(target), eTag: '*' } });
      throw conflict();
    }
    await this.storage.write(Object.fromEntries([...source.identities.map((i) => [identityKey(i.key), { customerId: into }]), ...source.contacts.map((c) => [contactKey(c.kind, c.value), { customerId: into }])]));
    await this.audit({ action: 'merge', into, from, via: by.via, ...(by.agent ? { agent: by.agent } : {}) });
    return merged;
  }

  /** Takes one identity (with its conversations) out of a record into a new one: undoes a wrong merge. */
  async split(id: string, identity: string, by: { agent: string } | { before: 'customer-erase' }): Promise<CustomerRecord> {
    const current = await this.readLive(id);
    const leaving = current?.identities.find((i) => i.key === identity);
    if (!current || !leaving || current.identities.length < 2) throw new CustomerConflictError('CustomerDirectory.split()', id);
    const now = this.clock().toISOString();
    // What the leaving identity proved leaves with it, or the next mail from that address would merge them again.
    const leavesWith = (c: VerifiedContact) => c.identity === identity;
    const separate: CustomerRecord = { id: randomUUID(), createdAt: now, identities: [{ ...leaving, linkedAt: now, via: 'first-contact' }], contacts: current.contacts.filter(leavesWith), conversations: current.conversations.filter((c) => c.identity === identity) };
    const remaining: CustomerRecord = { ...strip(current), identities: current.identities.filter((i) => i.key !== identity), contacts: current.contacts.filter((c) => !leavesWith(c)), conversations: current.conversations.filter((c) => c.identity !== identity) };
    try {
      await this.storage.write({ [recordKey(id)]: { ...remaining, eTag: current.eTag } });
    } catch (err) {
      throw isETagConflict(err) ? new CustomerConflictError('CustomerDirectory.split()', id) : err;
    }
    await this.storage.write({ [recordKey(separate.id)]: { ...separate, eTag: ETAG_NEW_ITEM }, ...linksOf(separate) });
    await this.audit({ action: 'split', from: id, into: separate.id, identity, ...by });
    return separate;
  }

  /**
   * The identities a customer's own erase reaches: theirs, and those linked on their proof. An
   * agent's merge is no proof (a wrong one must not let one person erase another), so what it
   * joined is split off first and keeps its record. Returns the identities left to erase.
   */
  async separateForErasure(identity: string): Promise<string[]> {
    const record = await this.liveOfIdentity(identity);
    if (!record) return [identity];
    const { staying, leaving } = erasureScope(record, identity);
    for (const other of leaving) await this.split(record.id, other, { before: 'customer-erase' });
    return staying;
  }

  /** What separateForErasure would leave to erase, changing nothing. */
  async erasureScope(identity: string): Promise<string[]> {
    const record = await this.liveOfIdentity(identity);
    return record ? erasureScope(record, identity).staying : [identity];
  }

  /** Who joined or parted which records, and on what proof: kept as long as audit entries are (bots/state/storedKinds.ts). */
  private async audit(entry: Record<string, string>): Promise<void> {
    const at = this.clock().toISOString();
    await this.storage.write({ [`customers/audit/${at}-${randomUUID()}`]: { at, ...entry } });
  }

  /** A record as stored, following forwarding notes left by merges. */
  private async readLive(id: string): Promise<Stored | undefined> {
    let current = await readItem<CustomerRecord>(this.storage, recordKey(id));
    for (let hops = 0; current?.mergedInto !== undefined && hops < 5; hops += 1) current = await readItem<CustomerRecord>(this.storage, recordKey(current.mergedInto));
    return isLive(current) ? current : undefined;
  }

  private async liveOfIdentity(identity: string): Promise<Stored | undefined> {
    const link = await readItem<{ customerId: string }>(this.storage, identityKey(identity));
    return link ? this.readLive(link.customerId) : undefined;
  }
}

/** Merged in by an agent themselves: the customer leaves alone. Else everyone an agent merged in leaves them. */
function erasureScope(record: CustomerRecord, identity: string): { staying: string[]; leaving: string[] } {
  const byAgent = (i: CustomerIdentity) => i.via === 'agent-merge';
  const own = record.identities.find((i) => i.key === identity);
  if (!own || record.identities.length < 2) return { staying: [identity], leaving: [] };
  if (byAgent(own)) return { staying: [identity], leaving: [identity] };
  return { staying: record.identities.filter((i) => !byAgent(i)).map((i) => i.key), leaving: record.identities.filter(byAgent).map((i) => i.key) };
}
