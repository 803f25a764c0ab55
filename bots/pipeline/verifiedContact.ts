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
