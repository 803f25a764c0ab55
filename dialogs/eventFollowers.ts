import { TurnContext, type ConversationReference } from '../bots/botFramework';
import { customerKeyFor } from '../bots/state/stateKeys';
import { readItem, updateItem } from '../bots/state/storeItem';
import type { ManagedStorage } from '../bots/state/types';
import { recognizeEmail } from './prompts';

/**
 * What a shop event may name a customer by: an order or a booking they dealt with in a
 * conversation, or the e-mail address a channel vouched for (the mail they wrote from).
 */
export type FollowKey = { orderNumber: string } | { bookingCode: string } | { email: string };

/**
 * How the customer showed it: the order's e-mail address (which a stranger rarely knows), its
 * postcode (printed on the parcel), or by making the booking themselves.
 */
export type FollowProof = 'email' | 'postcode' | 'made';
const PROOF_STRENGTH: Record<FollowProof, number> = { postcode: 1, email: 2, made: 2 };

/** One conversation in which the customer showed they are the one an order or booking is about. */
export interface Follower {
  reference: Partial<ConversationReference>;
  /** The customer within the channel (customerKeyFor), for listing a customer's jobs. */
  customerKey: string;
  /** When (ms since the epoch); the newest is where the customer was last. */
  at: number;
  /** The customer asked to be told here ("tell me when it ships"): this conversation wins over newer lookups. */
  subscribed?: true;
  proof: FollowProof;
}

interface FollowersItem {
  followers: Follower[];
}

/** A few conversations per order are plenty: the customer on web chat, on Telegram, by e-mail. */
const KEPT = 5;
/** As long as a ticket is kept: a shop sends "delivered" weeks after "shipped", not years. */
const FOLLOWERS_TTL_SECONDS = 180 * 24 * 60 * 60;

function keyOf(follow: FollowKey): string {
  // Order numbers come from customers' typing and shops' systems alike: compared without case or spaces.
  const [kind, value] = 'orderNumber' in follow ? ['order', follow.orderNumber] : 'bookingCode' in follow ? ['booking', follow.bookingCode] : ['email', follow.email];
  return `events/followers/${kind}/${encodeURIComponent(value.trim().toLowerCase())}`;
}

/** Which check a typed proof passed: an e-mail address, else the postcode. */
export const proofKind = (proof: string): FollowProof => (recognizeEmail(proof) ? 'email' : 'postcode');

const sameConversation = (a: Partial<ConversationReference>, b: Partial<ConversationReference>) =>
  a.channelId === b.channelId && a.conversation?.id === b.conversation?.id;

/**
 * Which conversations an order or booking was dealt with in, so a shop event about it (the order
 * shipped) reaches the customer where they are. A conversation is recorded only after the dialog
 * checked the customer (the order's e-mail or postcode) or the customer made it (a booking): an
 * order number typed alone never makes anyone its follower.
 */
export class EventFollowers {
  constructor(
    private readonly storage: ManagedStorage,
    private readonly clock: () => Date,
  ) {}

  /** Records the conversation of `context` as one where `follow`'s customer is. */
  async follow(follow: FollowKey, context: TurnContext, options: { proof: FollowProof; subscribed?: boolean }): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    await updateItem<FollowersItem>(
      this.storage,
      keyOf(follow),
      (current) => {
        const before = current?.followers ?? [];
        const earlier = before.find((f) => sameConversation(f.reference, reference));
        const subscribed = options.subscribed === true || earlier?.subscribed === true;
        // A conversation that once proved the e-mail keeps that standing when it later gives the postcode.
        const proof = earlier && PROOF_STRENGTH[earlier.proof] > PROOF_STRENGTH[options.proof] ? earlier.proof : options.proof;
        const follower: Follower = { reference, customerKey: customerKeyFor(context), at: this.clock().getTime(), proof, ...(subscribed ? { subscribed: true as const } : {}) };
        return { followers: [...before.filter((f) => !sameConversation(f.reference, reference)), follower].slice(-KEPT) };
      },
      FOLLOWERS_TTL_SECONDS,
    );
  }

  /**
   * The conversation the shop's news about `follow` goes to: of those with the strongest proof
   * (so someone who read the postcode off the parcel cannot draw the news away from the customer
   * who gave the e-mail address), the newest one the customer asked to be told in, else the
   * newest; undefined when none is known.
   */
  async latest(follow: FollowKey): Promise<Follower | undefined> {
    const followers = (await readItem<FollowersItem>(this.storage, keyOf(follow)))?.followers ?? [];
    // Items written before proofs were recorded came from the postcode-or-e-mail check: the weaker.
    const strength = (f: Follower) => PROOF_STRENGTH[f.proof] ?? 1;
    const best = Math.max(0, ...followers.map(strength));
    const strongest = followers.filter((f) => strength(f) === best);
    return strongest.filter((f) => f.subscribed).at(-1) ?? strongest.at(-1);
  }
}
