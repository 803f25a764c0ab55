/**
 * What the channel itself vouches for about the sender of this turn: the e-mail channel for the
 * address a mail came from (replies go to that address, so someone forging it only writes to its
 * owner). A turn-state mark, never read from the activity, which a client could fill in.
 */
const VERIFIED_EMAIL = Symbol('switchboard.verifiedEmail');

export function setVerifiedEmail(turnState: Map<unknown, unknown>, address: string): void {
  turnState.set(VERIFIED_EMAIL, address.trim().toLowerCase());
}

export function verifiedEmailOf(turnState: Map<unknown, unknown>): string | undefined {
  const value: unknown = turnState.get(VERIFIED_EMAIL);
  return typeof value === 'string' ? value : undefined;
}

/**
 * A phone number the customer shared as a contact card, and whether the channel vouches it is
 * their own (Telegram: the card's user id is the sender's). Someone else's card proves nothing.
 */
export interface SharedContact {
  phone: string;
  own: boolean;
}

const SHARED_CONTACT = Symbol('switchboard.sharedContact');

export function setSharedContact(turnState: Map<unknown, unknown>, contact: SharedContact): void {
  turnState.set(SHARED_CONTACT, contact);
}

export function sharedContactOf(turnState: Map<unknown, unknown>): SharedContact | undefined {
  const value: unknown = turnState.get(SHARED_CONTACT);
  return typeof value === 'object' && value !== null && 'phone' in value && 'own' in value ? (value as SharedContact) : undefined;
}
