import type { Middleware, TurnContext } from '../bots/botFramework';
import { verifiedEmailOf } from '../bots/pipeline/verifiedContact';
import type { EventFollowers } from './eventFollowers';

/**
 * Records the conversation of a sender whose address the channel vouched for (a mail's From), so
 * a shop event naming that address (`"customer": {"email": …}`) reaches them there. An address
 * typed into a chat is never recorded: anyone can type one.
 */
export class VerifiedContactMiddleware implements Middleware {
  constructor(private readonly followers: EventFollowers) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const email = verifiedEmailOf(context.turnState);
    if (email && context.activity.type === 'message') await this.followers.follow({ email }, context, { proof: 'email' });
    await next();
  }
}
