import type { Server } from 'restify';
import type { Config } from '../../bots/config';
import type { Logger } from '../../bots/logger';
import type { HandoverQueue } from '../../dialogs/handover/handoverQueue';
import { HANDOVER_EVENTS } from '../../dialogs/handover/handoverState';
import type { TurnLogic } from '../channel';
import { registerInboxApi, type CustomerRecords } from './api';
import { AgentDirectory } from './auth';
import { InboxEvents } from './events';
import { registerInboxPage } from './page';
import { ProactiveSender } from './proactive';
import type { ProactiveTurns } from '../shared/proactiveTurns';
import type { CustomerDirectory } from '../../dialogs/customers/customerDirectory';
import type { PersonViews } from './personView';

export interface InboxDeps {
  config: Config;
  logger: Logger;
  queue: HandoverQueue;
  /** The running channels: agent replies go out through the adapter of the conversation's channel. */
  proactive: ProactiveTurns;
  logic: TurnLogic;
  records: CustomerRecords;
  /** One record per person across channels, which agents merge and split. */
  customers: CustomerDirectory;
  people: PersonViews;
  /** How often unclaimed conversations are checked against HANDOVER_CLAIM_TIMEOUT_MINUTES. */
  sweepIntervalMs?: number;
}

export interface Inbox {
  registerRoutes(server: Server): void;
  start(): void;
  stop(): void;
  /** Tells customers nobody claimed their conversation in time; returns how many were told. */
  sweep(): Promise<number>;
}

/**
 * The agent side of the handover: the page at /inbox, its JSON API and live events, proactive
 * replies through each channel, and the claim-timeout sweeper. Enabled when INBOX_AGENTS is set.
 */
export function createInbox(deps: InboxDeps): Inbox {
  const logger = deps.logger.child({ component: 'inbox' });
  const agents = new AgentDirectory(deps.config.env.INBOX_AGENTS);
  const events = new InboxEvents(deps.queue, logger);
  const sender = new ProactiveSender(deps.proactive, deps.logic);
  const timeoutMs = deps.config.env.HANDOVER_CLAIM_TIMEOUT_MINUTES * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<number> | undefined;

  const sweepOnce = async (): Promise<number> => {
    let told = 0;
    for (const ticket of await deps.queue.overdue(timeoutMs)) {
      // One conversation's failure must not stop the others from being told.
      try {
        // The mark is an eTag-checked write, so with several instances sweeping one tells the customer.
        if (!(await deps.queue.markTimeoutNotified(ticket.id))) continue;
        const delivery = await sender.send(ticket, HANDOVER_EVENTS.claimTimeout, {});
        if (delivery.delivered) told += 1;
      } catch (err) {
        logger.error({ err, ticketId: ticket.id }, 'claim-timeout notice failed');
      }
    }
    return told;
  };

  return {
    registerRoutes(server) {
      registerInboxPage(server);
      registerInboxApi(server, { queue: deps.queue, agents, events, sender, records: deps.records, customers: deps.customers, people: deps.people, logger });
    },
    start() {
      timer = setInterval(() => {
        sweeping ??= sweepOnce()
          .catch((err: unknown) => {
            logger.error({ err }, 'claim-timeout sweep failed');
            return 0;
          })
          .finally(() => (sweeping = undefined));
      }, deps.sweepIntervalMs ?? 30_000);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      events.close();
    },
    sweep: sweepOnce,
  };
}
