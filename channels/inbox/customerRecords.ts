import { backendErrorOf } from '../../bots/backendError';
import type { Logger } from '../../bots/logger';
import type { Booking } from '../../dialogs/booking/bookingService';
import type { Job } from '../../bots/scheduler';
import type { ReturnRequest } from '../../dialogs/returns/returnService';
import type { OptOutRecord } from '../../dialogs/optOuts';
import type { ScheduledMessageView } from './wireTypes';
import type { CustomerRecords } from './api';
import type { CustomerDirectory } from '../../dialogs/customers/customerDirectory';

/** Where a customer's records come from: the shop's booking and returns services. */
export interface RecordSources {
  bookings(customerKey: string): Promise<Booking[]>;
  returns(customerKey: string): Promise<ReturnRequest[]>;
  /** Messages the bot sends first (reminders, shop events), filed about this customer. */
  scheduled?(customerKey: string): Promise<Job[]>;
  optOuts?(customerKey: string): Promise<OptOutRecord>;
}

/** A job as the agent reads it: what, when, and what became of it; never its payload (a conversation reference). */
const scheduledView = (job: Job): ScheduledMessageView => ({
  kind: job.kind,
  ...(job.topic ? { topic: job.topic } : {}),
  dueAt: new Date(job.dueAt).toISOString(),
  status: job.status,
  ...(job.status !== 'scheduled' && job.outcome ? { outcome: job.outcome } : {}),
});

/**
 * The customer's bookings and returns for the agent's view. A shop backend that does not answer
 * (its calendar, its order system) leaves its list empty and is named in `unavailable`: the
 * conversation still opens, at the very moment customers are told to ask for a person.
 */
export function customerRecords(sources: RecordSources, logger: Logger): CustomerRecords {
  return async (customerKey) => {
    const unavailable: string[] = [];
    const settle = async <T>(read: () => Promise<T[]>): Promise<T[]> => {
      try {
        return await read();
      } catch (err) {
        const backend = backendErrorOf(err);
        if (!backend) throw err;
        logger.warn({ err, backend: backend.backend, code: backend.code }, `inbox: the customer's records from ${backend.backend} are not available (${backend.code})`);
        unavailable.push(backend.backend);
        return [];
      }
    };
    const [bookings, returns, scheduled, optOuts] = await Promise.all([
      settle(() => sources.bookings(customerKey)),
      settle(() => sources.returns(customerKey)),
      sources.scheduled?.(customerKey) ?? [],
      sources.optOuts?.(customerKey),
    ]);
    return { bookings, returns, unavailable, scheduled: scheduled.map(scheduledView), optedOut: optOuts?.topics ?? [] };
  };
}

/**
 * The same sources, read for every identity linked to the customer (dialogs/customers), so the
 * agent sees the booking made by e-mail in the web chat conversation. Opt-outs stay per identity:
 * the customer said "stop" on that channel.
 */
export function linkedSources(customers: Pick<CustomerDirectory, 'linkedIdentities'>, sources: RecordSources): RecordSources {
  const everywhere =
    <T>(read: (key: string) => Promise<T[]>) =>
    async (key: string): Promise<T[]> =>
      (await Promise.all((await customers.linkedIdentities(key)).map((identity) => read(identity)))).flat();
  return {
    bookings: everywhere((key) => sources.bookings(key)),
    returns: everywhere((key) => sources.returns(key)),
    ...(sources.scheduled ? { scheduled: everywhere(sources.scheduled.bind(sources)) } : {}),
    ...(sources.optOuts ? { optOuts: sources.optOuts } : {}),
  };
}
