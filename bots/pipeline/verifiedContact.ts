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

/**
 * Set by a channel that cannot tell this message came from whoever reads the conversation: a new
 * e-mail, whose From anyone can write (a reply quoting the Message-ID of the bot's own mail is
 * proven: only the mailbox's owner received it). Chat channels authenticate the conversation, so
 * their turns are proven. A "yes" that changes more than this message (an erase, another
 * channel's booking) counts only when proven.
 */
const UNPROVEN_SENDER = Symbol('switchboard.unprovenSender');

export function markSenderUnproven(turnState: Map<unknown, unknown>): void {
  turnState.set(UNPROVEN_SENDER, true);
}

export function isSenderProven(turnState: Map<unknown, unknown>): boolean {
  return turnState.get(UNPROVEN_SENDER) !== true;
}
