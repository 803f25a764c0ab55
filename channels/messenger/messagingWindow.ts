import type { TurnContext } from '../../bots/botFramework';
import { writeWithTurn } from '../../bots/state/withTurn';
import type { ManagedStorage } from '../../bots/state/types';

const DAY_MS = 24 * 60 * 60 * 1000;
const key = (psid: string) => `facebook/lastInbound/${psid}`;

export type SendPermission = { allowed: true; messagingType: 'RESPONSE' | 'MESSAGE_TAG' } | { allowed: false; reason: string };

/** A bot message the Messenger policy does not allow now; the caller is told, nothing is sent. */
export class OutsideMessagingWindowError extends Error {
  /** For bots/outbox: the window does not reopen by waiting, only when the customer writes. */
  readonly permanent = true;
  readonly refusal = 'outside_window';
  constructor(readonly psid: string, reason: string) {
    super(`MessengerAdapter.sendActivities(): not sent to ${psid}: ${reason}`);
    this.name = 'OutsideMessagingWindowError';
  }
}

/**
 * Messenger's standard messaging window: a Page may message a person within 24 hours of their
 * last message; a human agent's reply may use the HUMAN_AGENT tag for up to 7 days.
 */
export class MessagingWindow {
  constructor(private readonly storage: ManagedStorage, private readonly now: () => number = Date.now) {}

  /** Records the customer's message in the save of the turn it starts: no write of its own. */
  recordWithTurn(context: Pick<TurnContext, 'turnState'>, psid: string, at: number): void {
    writeWithTurn(context, key(psid), { at, ttl: 8 * 24 * 60 * 60 });
  }

  /**
   * `inboundAt`: when the customer's message this turn answers was sent, which saves the read
   * (replies in the customer's own turn); otherwise the recorded time is read.
   */
  async permission(psid: string, humanAgent: boolean, inboundAt?: number): Promise<SendPermission> {
    const at = inboundAt ?? ((await this.storage.read([key(psid)]))[key(psid)] as { at?: number } | undefined)?.at;
    const age = at === undefined ? Infinity : this.now() - at;
    if (age <= DAY_MS) return { allowed: true, messagingType: 'RESPONSE' };
    if (humanAgent && age <= 7 * DAY_MS) return { allowed: true, messagingType: 'MESSAGE_TAG' };
    return { allowed: false, reason: humanAgent ? 'last customer message is older than 7 days' : 'outside the 24-hour messaging window' };
  }
}
