/**
 * Whether a stored item is about a customer: its key or its content names one of the customer's
 * anchors (customer id, channel identities and user ids, conversation keys and ids, verified
 * addresses and phone numbers, and the ids of their own items found on the way).
 *
 * Short anchors (a Telegram user id in a test, a booking code) are compared whole only, so a
 * "42" in someone else's ticket is not taken for them; an anchor that cannot occur by chance
 * (an address, a key with slashes, a long id) is also found inside longer strings, as the
 * encoded customer key inside `booking/customer/webchat%2Fusers%2F…`.
 */
export class Anchors {
  private readonly exact = new Set<string>();
  private readonly inside = new Set<string>();

  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value);
  }

  get size(): number {
    return this.exact.size;
  }

  add(value: string): void {
    const anchor = value.trim().toLowerCase();
    if (anchor.length < 2 || this.exact.has(anchor)) return;
    this.exact.add(anchor);
    if (anchor.length >= 12 || /[@/:]/.test(anchor)) this.inside.add(anchor);
  }

  /** Whether the key names an anchor: a segment (decoded) equal to one, or one found inside it. */
  inKey(key: string): boolean {
    const decoded = safeDecode(key).toLowerCase();
    if (this.containsQualified(decoded)) return true;
    return key.split('/').some((segment) => this.names(safeDecode(segment)) || safeDecode(segment).split(/[:|]/).some((part) => this.exact.has(part.toLowerCase())));
  }

  /** Whether any string, number or property name in `value` names an anchor. */
  inValue(value: unknown, depth = 0): boolean {
    if (depth > 40) return false;
    if (typeof value === 'string') return this.names(value);
    if (typeof value === 'number') return Number.isFinite(value) && String(value).length >= 6 && this.exact.has(String(value));
    if (Array.isArray(value)) return value.some((entry) => this.inValue(entry, depth + 1));
    if (value !== null && typeof value === 'object') {
      return Object.entries(value).some(([name, entry]) => (depth > 0 && this.names(name)) || this.inValue(entry, depth + 1));
    }
    return false;
  }

  private names(text: string): boolean {
    const lower = text.trim().toLowerCase();
    return this.exact.has(lower) || this.exact.has(safeDecode(lower)) || this.containsQualified(lower) || this.containsQualified(safeDecode(lower));
  }

  /** An anchor inside `text` as a whole word: `telegram/users/1234` is not inside `…/12345`. */
  private containsQualified(text: string): boolean {
    for (const anchor of this.inside) {
      for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
        if (!ID_BEFORE.test(text.charAt(at - 1)) && !ID_AFTER.test(text.charAt(at + anchor.length))) return true;
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
