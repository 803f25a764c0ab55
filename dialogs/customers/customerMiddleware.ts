import { TurnContext, type Middleware } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { verifiedEmailOf } from '../../bots/pipeline/verifiedContact';
import { stateKeysFor } from '../../bots/state/stateKeys';
import { StateProperty } from '../../bots/state/turnState';
import type { CustomerDirectory } from './customerDirectory';

interface Seen {
  id: string;
  conversation: string;
  at: number;
  email?: string;
}

const seen = new StateProperty<Seen>('user', 'customerSeen');
/** How stale "where the customer wrote last" may get before a turn writes it again. */
const NOTE_EVERY_MS = 10 * 60_000;

/**
 * Keeps each customer's record (dialogs/customers) up to date from their turns: opened on the
 * first message, told which conversation they wrote in (for "reply where they were last"), and
 * given the address the e-mail channel vouched for. A turn that changes nothing writes nothing:
 * what was noted is remembered in the customer's own state.
 */
export class CustomerMiddleware implements Middleware {
  constructor(
    private readonly directory: CustomerDirectory,
    private readonly clock: () => Date,
    private readonly defaultLocale: Locale,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await next();
    const keys = stateKeysFor(context);
    if (context.activity.type !== 'message' || !keys.user || context.activity.from?.role === 'bot') return;
    const now = this.clock().getTime();
    const before = await seen.get(context);
    const email = verifiedEmailOf(context.turnState);
    const fresh = before && before.conversation === keys.conversation && now - before.at < NOTE_EVERY_MS;
    if (fresh && (!email || before.email === email)) return;
    const reference = TurnContext.getConversationReference(context.activity);
    delete reference.activityId;
    const record = await this.directory.sighted({
      identity: keys.user,
      channel: context.activity.channelId,
      conversationKey: keys.conversation,
      reference,
      locale: turnLocale(context, this.defaultLocale),
    });
    const linked = email && !record.contacts.some((c) => c.kind === 'email' && c.value === email) ? await this.directory.verified(keys.user, 'email', email, 'email-sender') : undefined;
    await seen.set(context, { id: linked?.id ?? record.id, conversation: keys.conversation, at: now, ...(email ? { email } : {}) });
  }
}
