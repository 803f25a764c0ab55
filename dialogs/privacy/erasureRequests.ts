import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { JobHandler, JobScheduling } from '../../bots/scheduler';
import { readItem } from '../../bots/state/storeItem';
import type { ManagedStorage } from '../../bots/state/types';
import type { BookingService } from '../booking/bookingService';
import type { CustomerDirectory } from '../customers/customerDirectory';
import type { PersonalData } from '../customers/personalData';

export const PRIVACY_ERASE_JOB = 'privacy-erase';
/**
 * How long after "yes, delete it" the erase runs: the confirmation must reach the customer
 * first, and a web chat client reads it from the conversation log the erase deletes.
 */
export const ERASE_DELAY_MS = 60_000;
/** A request waits at most this long (the job's retries), then the item expires. */
const REQUEST_TTL_SECONDS = 7 * 24 * 60 * 60;
const requestKey = (id: string) => `privacy/request/${id}`;

interface ErasureRequest {
  identity: string;
  at: string;
}

/**
 * Files the erase a customer confirmed in the chat, as a durable job: it runs after a restart
 * too. The job names only the request's id, so the job itself holds nothing about the person.
 */
export async function requestErasure(storage: ManagedStorage, scheduler: JobScheduling, identity: string): Promise<void> {
  const id = randomUUID();
  const now = scheduler.now;
  await storage.write({ [requestKey(id)]: { identity, at: new Date(now).toISOString(), ttl: REQUEST_TTL_SECONDS } satisfies ErasureRequest & { ttl: number } });
  await scheduler.schedule({ id: `${PRIVACY_ERASE_JOB}/${id}`, kind: PRIVACY_ERASE_JOB, dueAt: now + ERASE_DELAY_MS, payload: { request: id } });
}

export interface ErasureJobDeps {
  storage: ManagedStorage;
  personalData: PersonalData;
  customers: CustomerDirectory;
  bookings: BookingService;
  /** The shop's time zone, which bookings' wall-clock starts are in. */
  timeZone: string;
  /** The dialogs' clock, which bookings are made by. */
  clock: () => Date;
}

/**
 * Carries out a confirmed erase: upcoming appointments of every linked identity are cancelled
 * first (the slot is freed, a CalDAV event leaves the shop's calendar), then everything about
 * the customer is erased by its kind's rule.
 */
export function erasureJobHandler(deps: ErasureJobDeps): JobHandler<{ request: string }> {
  return async (job) => {
    const key = requestKey(job.payload.request);
    const request = await readItem<ErasureRequest>(deps.storage, key);
    if (!request) return { skipped: 'the request was carried out already' };
    // Only what the customer proved is theirs; an agent's merge is split off and kept (dialogs/customers).
    for (const identity of await deps.customers.separateForErasure(request.identity)) {
      for (const booking of await deps.bookings.list(identity)) {
        if (DateTime.fromISO(booking.start, { zone: deps.timeZone }).toMillis() > deps.clock().getTime()) await deps.bookings.cancel(booking.code, identity);
      }
    }
    const counts = await deps.personalData.erase({ identity: request.identity }, { by: 'customer' });
    await deps.storage.delete([key]);
    return { done: `deleted ${counts.deleted}, scrubbed ${counts.scrubbed}, anonymised ${counts.anonymised}` };
  };
}
