import { backendErrorOf } from '../../bots/backendError';
import type { Logger } from '../../bots/logger';
import type { Booking } from '../../dialogs/booking/bookingService';
import type { ReturnRequest } from '../../dialogs/returns/returnService';
import type { CustomerRecords } from './api';

/** Where a customer's records come from: the shop's booking and returns services. */
export interface RecordSources {
  bookings(customerKey: string): Promise<Booking[]>;
  returns(customerKey: string): Promise<ReturnRequest[]>;
}

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
    const [bookings, returns] = await Promise.all([settle(() => sources.bookings(customerKey)), settle(() => sources.returns(customerKey))]);
    return { bookings, returns, unavailable };
  };
}
