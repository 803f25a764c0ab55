import type { Activity } from 'botbuilder';

/**
 * Storage keys for the state of one turn. Both include the channel so that ids from different
 * platforms can never collide.
 */
export interface TurnStateKeys {
  conversation: string;
  user: string | undefined;
}

export function stateKeysFor(activity: Partial<Activity>): TurnStateKeys {
  const channel = activity.channelId ?? 'unknown';
  const conversationId = activity.conversation?.id;
  if (!conversationId) {
    throw new Error('stateKeysFor(): activity has no conversation.id');
  }
  const userId = activity.from?.id;
  return {
    conversation: `${channel}/conversations/${conversationId}`,
    user: userId ? `${channel}/users/${userId}` : undefined,
  };
}

/** A stable id for the customer across conversations on one channel (bookings, returns). */
export function customerKeyFor(activity: Partial<Activity>): string {
  const user = stateKeysFor(activity).user;
  if (!user) throw new Error('customerKeyFor(): activity has no sender');
  return user;
}
