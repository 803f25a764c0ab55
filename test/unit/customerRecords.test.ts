import assert from 'node:assert/strict';
import { BackendError } from '../../bots/backendError';
import { silentLogger } from '../../bots/logger';
import { customerRecords } from '../../channels/inbox/customerRecords';
import type { ReturnRequest } from '../../dialogs/returns/returnService';

const request: ReturnRequest = { rma: 'RMA-123456', orderNumber: '100234', skus: ['JKT-RAIN-M'], reason: 'fit', resolution: 'refund', customerKey: 'webchat/users/u1', createdAt: '2026-11-20T10:00:00.000Z' };

describe("the agent's view of a customer's records", () => {
  it('opens with what answered when the calendar does not: its list empty and named as not answering', async () => {
    const records = customerRecords(
      {
        bookings: async () => {
          throw new BackendError('caldav', 'ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.7:5232');
        },
        returns: async () => [request],
      },
      silentLogger(),
    );
    assert.deepEqual(await records('webchat/users/u1'), { bookings: [], returns: [request], unavailable: ['caldav'], scheduled: [], optedOut: [] });
  });

  it('shows the messages the bot sends first by what, when and how they ended, never their payload, and the topics opted out of', async () => {
    const records = customerRecords(
      {
        bookings: async () => [],
        returns: async () => [],
        scheduled: async () => [
          { id: 'event/e1', kind: 'shop-event', topic: 'marketing', dueAt: Date.parse('2026-11-22T10:00:00Z'), payload: { reference: { conversation: { id: 'secret' } } }, status: 'skipped', attempts: 0, leaseUntil: 0, indexBucket: 1, createdAt: 0, outcome: 'opted_out' },
          { id: 'reminder/K7QX2M/24h', kind: 'booking-reminder', topic: 'reminders', dueAt: Date.parse('2026-11-23T09:00:00Z'), payload: {}, status: 'scheduled', attempts: 1, leaseUntil: 0, indexBucket: 1, createdAt: 0, outcome: 'ECONNRESET while sending' },
        ],
        optOuts: async () => ({ topics: ['marketing'], marketingSentAt: [], changedAt: 0 }),
      },
      silentLogger(),
    );
    const view = await records('webchat/users/u1');
    assert.deepEqual(view.scheduled, [
      { kind: 'shop-event', topic: 'marketing', dueAt: '2026-11-22T10:00:00.000Z', status: 'skipped', outcome: 'opted_out' },
      // A failure's message is the app's, not the agent's: a job still scheduled shows no outcome.
      { kind: 'booking-reminder', topic: 'reminders', dueAt: '2026-11-23T09:00:00.000Z', status: 'scheduled' },
    ]);
    assert.deepEqual(view.optedOut, ['marketing']);
  });

  it('a fault of our own is not hidden as an unavailable backend', async () => {
    const records = customerRecords({ bookings: async () => [], returns: async () => Promise.reject(new TypeError('bug')) }, silentLogger());
    await assert.rejects(records('webchat/users/u1'), TypeError);
  });
});
