import type { Middleware, TurnContext } from '../botFramework';

/**
 * What the dialogs may know about the channel a turn runs on without knowing which channel it is
 * (they never read channelId). The composition root sets them from each channel module's capabilities.
 */
export interface ChannelTraits {
  /** The bot can still write to the customer once they have gone quiet (closed the page). */
  reachesCustomerLater: boolean;
}

const TRAITS = Symbol('switchboard.channelTraits');

/** Puts a channel's traits in every turn's state, proactive turns included. */
export function channelTraits(traits: ChannelTraits): Middleware {
  return {
    async onTurn(context, next) {
      context.turnState.set(TRAITS, traits);
      await next();
    },
  };
}

/**
 * Whether the customer can be reached on this channel after they leave. Turns without traits (a
 * test adapter, a channel wired by hand) count as reachable: they get no extra question.
 */
export function canReachCustomerLater(context: TurnContext): boolean {
  const traits = context.turnState.get(TRAITS) as ChannelTraits | undefined;
  return traits?.reachesCustomerLater ?? true;
}
