import type { Job, JobScheduling } from '../../bots/scheduler';
import { SHOP_EVENT_JOB, type ShopEventPayload } from './eventTurn';
import { EVENT_TOPIC, type EventCustomer, type ShopEvent } from './eventTypes';
import type { EventFollowers, FollowKey } from '../eventFollowers';

/** What POST /api/events answers: whether the customer got the message, and if not, why. */
export interface EventAnswer {
  delivered: boolean;
  /** A short fixed phrase: unknown_customer, channel_refused, will_retry, … */
  reason?: string;
  /** When a message held back (quiet hours, a retry) is sent. */
  sendAt?: string;
  /** The event id was seen before: this is what became of it then, and nothing was sent now. */
  repeated?: true;
}

function followKeyOf(customer: EventCustomer): FollowKey {
  if (customer.orderNumber !== undefined) return { orderNumber: customer.orderNumber };
  if (customer.bookingCode !== undefined) return { bookingCode: customer.bookingCode };
  return { email: customer.email ?? '' };
}

/** The job of an event, as the shop hears of it. */
function answerOf(job: Job): EventAnswer {
  switch (job.status) {
    case 'done':
      return { delivered: true };
    case 'skipped':
    case 'cancelled':
      return { delivered: false, reason: job.outcome ?? job.status };
    case 'dead':
      return { delivered: false, reason: 'failed' };
    case 'scheduled':
      // A failure's outcome is an error message, which is the app's business, not the shop's.
      return { delivered: false, reason: job.attempts > 0 ? 'will_retry' : (job.outcome ?? 'in_progress'), sendAt: new Date(job.dueAt).toISOString() };
  }
}

/**
 * Shop events in: each becomes a job (`event/<id>`, so the same id is one job however often it
 * is sent) for the conversation the customer was in last about the order or booking, run at once
 * so the shop hears what became of it. A job held back (quiet hours) or failed goes on in the
 * scheduler.
 */
export class ShopEvents {
  constructor(
    private readonly followers: EventFollowers,
    private readonly scheduler: JobScheduling,
  ) {}

  async accept(event: ShopEvent): Promise<EventAnswer> {
    const id = `event/${event.id}`;
    const seen = await this.scheduler.get(id);
    if (seen) return this.repeated(seen);
    const follower = await this.followers.latest(followKeyOf(event.customer));
    if (!follower) return { delivered: false, reason: 'unknown_customer' };
    const payload: ShopEventPayload = { event, reference: follower.reference };
    const { job, created } = await this.scheduler.scheduleAndRun({ id, kind: SHOP_EVENT_JOB, dueAt: this.scheduler.now, payload, subject: follower.customerKey, topic: EVENT_TOPIC[event.type] });
    return created ? answerOf(job) : this.repeated(job);
  }

  /** What became of an event sent before; one still running (the same event sent twice at once) is waited for. */
  private async repeated(job: Job): Promise<EventAnswer> {
    const settled = job.status === 'scheduled' ? ((await this.scheduler.runNow(job.id)) ?? job) : job;
    return { ...answerOf(settled), repeated: true };
  }
}
