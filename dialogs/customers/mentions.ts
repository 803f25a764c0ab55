/**
 * Whether a stored item is about a customer: its key or its content names one of the customer's
 * anchors (customer id, identity and conversation keys, verified addresses and phone numbers,
 * and the ids of their own items found on the way).
 *
 * Only anchors that cannot occur by chance (an address, a key with slashes, a long id) are looked
 * for everywhere, also inside longer strings as whole words (the encoded customer key inside
 * `booking/customer/webchat%2Fusers%2F…`). A bare user or chat id ("42", or an id a client chose)
 * counts only where it is that channel's: in a key of its namespace, or as the user or
 * conversation of a reference on that channel. A short id of a found item (a booking code)
 * counts only as a key segment. So a "42" or a "thanks" in someone else's ticket is never theirs.
 */
export class Anchors {
  private readonly exact = new Set<string>();
  private readonly inside = new Set<string>();
  /** Bare ids by the namespace they belong to (`telegram` → `42`). */
  private readonly scoped = new Map<string, Set<string>>();
  private readonly keySegments = new Set<string>();

  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value);
  }

  get size(): number {
    return this.exact.size + this.keySegments.size + [...this.scoped.values()].reduce((sum, ids) => sum + ids.size, 0);
  }

  /** An anchor found wherever it occurs when it cannot occur by chance; else only as a key segment. */
  add(value: string): void {
    const anchor = value.trim().toLowerCase();
    if (anchor.length < 2) return;
    if (anchor.length >= 12 || /[@/:+]/.test(anchor)) {
      this.exact.add(anchor);
      this.inside.add(anchor);
    } else if (anchor.length >= 6) {
      this.keySegments.add(anchor);
    }
  }

  /** A bare user or conversation id of one channel namespace (`webchat`, `telegram`, `azure.msteams`). */
  addScoped(namespace: string, id: string): void {
    if (!id) return;
    const ids = this.scoped.get(namespace) ?? new Set<string>();
    ids.add(id);
    this.scoped.set(namespace, ids);
  }

  /** Whether the key names an anchor: one found inside it, a segment equal to a short one, or a bare id under its own namespace. */
  inKey(key: string): boolean {
    const decoded = safeDecode(key).toLowerCase();
    if (this.containsQualified(decoded)) return true;
    const segments = key.split('/').map((segment) => safeDecode(segment));
    if (segments.some((segment) => this.keySegments.has(segment.toLowerCase()) || segment.split(/[:|]/).some((part) => this.keySegments.has(part.toLowerCase())))) return true;
    const own = this.scoped.get(segments[0] ?? '');
    return own !== undefined && segments.slice(1).some((segment) => own.has(segment));
  }

  /** Whether any string or property name in `value` names an anchor, or a reference in it is the customer's. */
  inValue(value: unknown, depth = 0): boolean {
    if (depth > 40) return false;
    if (typeof value === 'string') return this.names(value);
    if (typeof value === 'number') return Number.isFinite(value) && this.exact.has(String(value));
    if (Array.isArray(value)) return value.some((entry) => this.inValue(entry, depth + 1));
    if (value !== null && typeof value === 'object') {
      if (this.isTheirReference(value as Record<string, unknown>)) return true;
      return Object.entries(value).some(([name, entry]) => (depth > 0 && this.names(name)) || this.inValue(entry, depth + 1));
    }
    return false;
  }

  /** An activity or conversation reference on a channel of theirs whose user, sender or conversation is one of their bare ids. */
  private isTheirReference(value: Record<string, unknown>): boolean {
    const channel = value.channelId;
    if (typeof channel !== 'string') return false;
    const ids = [...this.scoped].filter(([namespace]) => namespace === channel || namespace.endsWith(`.${channel}`)).flatMap(([, set]) => [...set]);
    if (ids.length === 0) return false;
    const idOf = (field: unknown) => (typeof field === 'object' && field !== null && 'id' in field && typeof field.id === 'string' ? field.id : undefined);
    return [value.user, value.from, value.conversation].some((field) => {
      const id = idOf(field);
      return id !== undefined && ids.includes(id);
    });
  }

  private names(text: string): boolean {
    const lower = text.trim().toLowerCase();
    return this.exact.has(lower) || this.exact.has(safeDecode(lower)) || this.containsQualified(lower) || this.containsQualified(safeDecode(lower));
  }

  /** An anchor inside `text` as a whole word: `telegram/users/1234` is not inside `…/12345`, nor `a@b.com` inside `a@b.com.au`. */
  private containsQualified(text: string): boolean {
    for (const anchor of this.inside) {
      for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
        const after = at + anchor.length;
        const continues = ID_AFTER.test(text.charAt(after)) || (text.charAt(after) === '.' && ID_AFTER.test(text.charAt(after + 1)));
        if (!ID_BEFORE.test(text.charAt(at - 1)) && !continues) return true;
      }
    }
    return false;
  }
}

const ID_BEFORE = /[a-z0-9_.+-]/;
const ID_AFTER = /[a-z0-9_+-]/;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** An item split into what is the customer's and what is everyone else's (a shared index). */
export interface Partition {
  mine: Record<string, unknown>;
  rest: Record<string, unknown>;
  /** Whether `rest` still holds entries of anyone: when not, the item is deleted instead. */
  restHoldsEntries: boolean;
}

const BOOKKEEPING = new Set(['eTag', 'ttl']);

/**
 * Splits an item that lists many customers (the handover queue, the retry index, an order's
 * followers) entry by entry: an element of one of its lists or maps that names an anchor is the
 * customer's; a plain field that names one is too. The rest is everyone else's and stays.
 */
export function partition(item: Record<string, unknown>, anchors: Anchors): Partition {
  const mine: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  let restHoldsEntries = false;
  for (const [field, value] of Object.entries(item)) {
    if (BOOKKEEPING.has(field)) continue;
    if (Array.isArray(value)) {
      const [taken, kept] = [value.filter((entry) => anchors.inValue(entry, 1)), value.filter((entry) => !anchors.inValue(entry, 1))];
      if (taken.length > 0) mine[field] = taken;
      rest[field] = kept;
      restHoldsEntries ||= kept.length > 0;
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      const isTheirs = ([name, entry]: [string, unknown]) => anchors.inKey(name) || anchors.inValue(entry, 1);
      const taken = entries.filter(isTheirs);
      const kept = entries.filter((entry) => !isTheirs(entry));
      if (taken.length > 0) mine[field] = Object.fromEntries(taken);
      rest[field] = Object.fromEntries(kept);
      restHoldsEntries ||= kept.length > 0;
    } else if (anchors.inValue(value, 1)) {
      mine[field] = value;
    } else {
      rest[field] = value;
    }
  }
  return { mine, rest, restHoldsEntries };
}
