import type { Activity, TurnContext } from '../botFramework';

/**
 * Storage keys for the state of one turn. Both start with the namespace of the ingress that
 * authenticated the activity, so ids from different platforms, or the same platform reached two
 * ways, never collide.
 */
export interface TurnStateKeys {
  conversation: string;
  user: string | undefined;
}

/**
 * Set in turn state by the pipeline for adapters whose activities name a channel the adapter did
 * not authenticate (Azure Bot Service relays many channels, and an anonymous caller could say
 * "telegram"). Our own channel adapters stamp their channel id themselves, so theirs is the default.
 */
export const STATE_NAMESPACE = Symbol('switchboard.stateNamespace');

/** Works out an ingress's namespace from the activity it received. */
export type StateNamespace = (activity: Partial<Activity>) => string;

function namespaceOf(context: Pick<TurnContext, 'activity' | 'turnState'>): string {
  const set: unknown = context.turnState.get(STATE_NAMESPACE);
  return typeof set === 'string' ? set : (context.activity.channelId ?? 'unknown');
}

export function stateKeysFor(context: Pick<TurnContext, 'activity' | 'turnState'>): TurnStateKeys {
  const channel = namespaceOf(context);
  const conversationId = context.activity.conversation?.id;
  if (!conversationId) {
    throw new Error('stateKeysFor(): activity has no conversation.id');
  }
  const userId = context.activity.from?.id;
  return {
    conversation: `${channel}/conversations/${conversationId}`,
    user: userId ? `${channel}/users/${userId}` : undefined,
  };
}

/** A stable id for the customer across conversations on one channel (bookings, returns). */
export function customerKeyFor(context: Pick<TurnContext, 'activity' | 'turnState'>): string {
  const user = stateKeysFor(context).user;
  if (!user) throw new Error('customerKeyFor(): activity has no sender');
  return user;
}
