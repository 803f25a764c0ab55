import type { ConversationReference } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { PermanentJobError } from '../../bots/scheduler';
import { customerName } from '../customerProfile';
import type { JobTurn } from '../jobTurns';
import { eventMessage } from './eventMessage';
import { shopEventSchema, type ShopEvent } from './eventTypes';

export const SHOP_EVENT_JOB = 'shop-event';

/** What a shop event's job carries: the event as the route checked it, and the conversation it goes to. */
export interface ShopEventPayload {
  [key: string]: unknown;
  event: ShopEvent;
  reference: Partial<ConversationReference>;
}

/**
 * A shop event's turn in the customer's conversation: the event's message in the conversation's
 * language. It asks nothing, so it does not wait for a busy customer: whatever they were answering
 * stays open, and their next message still answers it.
 */
export function shopEventTurn(defaultLocale: Locale): JobTurn {
  return async (job, context) => {
    const parsed = shopEventSchema.safeParse(job.payload.event);
    if (!parsed.success) throw new PermanentJobError(`shopEventTurn(): job ${job.id} does not carry a shop event`);
    const event = parsed.data;
    const name = event.customer.name ?? (await customerName.get(context));
    await context.sendActivity(eventMessage(event, turnLocale(context, defaultLocale), name));
    return { sent: true };
  };
}
