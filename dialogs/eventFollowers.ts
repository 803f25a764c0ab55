import { TurnContext, type ConversationReference } from '../bots/botFramework';
import { customerKeyFor } from '../bots/state/stateKeys';
import { readItem, updateItem } from '../bots/state/storeItem';
import type { ManagedStorage } from '../bots/state/types';

/** What a shop event may name a customer by: an order or a booking they dealt with in a conversation. */
export type FollowKey = { orderNumber: string } | { bookingCode: string };

/** One conversation in which the customer showed they are the one an order or booking is about. */
export interface Follower {
  reference: Partial<ConversationReference>;
  /** The customer within the channel (customerKeyFor), for listing a customer's jobs. */
  customerKey: string;
  /** When (ms since the epoch); the newest is where the customer was last. */
  at: number;
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
  const [kind, value] = 'orderNumber' in follow ? ['order', follow.orderNumber] : ['booking', follow.bookingCode];
  return `events/followers/${kind}/${encodeURIComponent(value.trim().toLowerCase())}`;
}

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
  async follow(follow: FollowKey, context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    const follower: Follower = { reference, customerKey: customerKeyFor(context), at: this.clock().getTime() };
    await updateItem<FollowersItem>(
      this.storage,
      keyOf(follow),
      (current) => ({ followers: [...(current?.followers ?? []).filter((f) => !sameConversation(f.reference, reference)), follower].slice(-KEPT) }),
      FOLLOWERS_TTL_SECONDS,
    );
  }

  /** The conversation the customer of `follow` was in last; undefined when none is known. */
  async latest(follow: FollowKey): Promise<Follower | undefined> {
    const item = await readItem<FollowersItem>(this.storage, keyOf(follow));
    return item?.followers.at(-1);
  }
}
