import type { TurnLogic } from '../channel';
import { movedOn, setInboxEvent } from '../../dialogs/handover/handoverState';
import type { Ticket } from '../../dialogs/handover/ticket';
import type { Delivery, ProactiveTurns } from '../shared/proactiveTurns';

export type { Delivery };

/**
 * Tells a handed-over conversation what the inbox did (an agent's message, a join, a resolve): a
 * proactive turn on the customer's channel whose event the handover relay turns into the reply.
 */
export class ProactiveSender {
  constructor(
    private readonly turns: ProactiveTurns,
    private readonly logic: TurnLogic,
  ) {}

  send(ticket: Ticket, name: string, value: unknown): Promise<Delivery> {
    return this.turns.run(
      ticket.reference,
      async (context) => {
        // The name is for logs; the relay trusts only the turn-state mark, which a client cannot set.
        context.activity.name = name;
        setInboxEvent(context.turnState, { name, value });
        await this.logic(context);
        return movedOn(context.turnState) ? { skipped: 'the conversation has moved on; nothing to send' } : {};
      },
      { ticketId: ticket.id, event: name },
    );
  }
}
