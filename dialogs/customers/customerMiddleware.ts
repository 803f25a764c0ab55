import { TurnContext, type Middleware } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import type { Logger } from '../../bots/logger';
import { isStorageUnavailable } from '../../bots/state/types';
import { turnLocale } from '../../bots/pipeline/locale';
import { sharedContactOf, verifiedEmailOf, type SharedContact } from '../../bots/pipeline/verifiedContact';
import { stateKeysFor } from '../../bots/state/stateKeys';
import { StateProperty } from '../../bots/state/turnState';
import { t } from '../locales';
import type { CustomerDirectory } from './customerDirectory';
import { normaliseContact } from './customerRecord';
import './texts';

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
    private readonly logger?: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const shared = context.activity.type === 'message' ? sharedContactOf(context.turnState) : undefined;
    const keys = this.customerKeys(context);
    // An address the channel vouches for links before the dialogs run: this very turn sees what it proves.
    if (keys && verifiedEmailOf(context.turnState)) await this.noteSafely(context, keys);
    // A contact card is answered here, whatever dialog is open: it is proof, not an answer to a question.
    if (shared) await this.linkPhone(context, shared);
    else await next();
    if (keys) await this.noteSafely(context, keys);
  }

  /** Whose turn it is, when it is one customer's message. */
  private customerKeys(context: TurnContext): { user: string; conversation: string } | undefined {
    const { user, conversation } = stateKeysFor(context);
    if (context.activity.type !== 'message' || !user || context.activity.from?.role === 'bot') return undefined;
    // A group chat is everyone's: it is nobody's "where they wrote last", and no erase of one member's may take it.
    if (context.activity.conversation?.isGroup === true) return undefined;
    return { user, conversation };
  }

  private async noteSafely(context: TurnContext, keys: { user: string; conversation: string }): Promise<void> {
    try {
      await this.note(context, keys.user, keys.conversation);
    } catch (err) {
      // The customer is answered all the same; the record is bookkeeping the next turn brings up
      // to date (nothing is noted as seen). A store that is down fails the turn's save anyway.
      if (isStorageUnavailable(err)) throw err;
      this.logger?.warn({ err }, 'CustomerMiddleware: the customer record could not be updated');
    }
  }

  private async linkPhone(context: TurnContext, shared: SharedContact): Promise<void> {
    const locale = turnLocale(context, this.defaultLocale);
    const { user, conversation } = stateKeysFor(context);
    if (!shared.own || !user) {
      await context.sendActivity(t(locale, 'customers.phoneNotOwn'));
      return;
    }
    // The record must exist before a contact can be added to it (this may be the first message).
    await this.note(context, user, conversation);
    await this.directory.verified(user, 'phone', shared.phone, 'telegram-contact');
    await context.sendActivity(t(locale, 'customers.phoneLinked', { phone: normaliseContact('phone', shared.phone) }));
  }

  private async note(context: TurnContext, user: string, conversation: string): Promise<void> {
    const keys = { user, conversation };
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
