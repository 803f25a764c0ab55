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
    assert.deepEqual(await records('webchat/users/u1'), { bookings: [], returns: [request], unavailable: ['caldav'] });
  });

  it('a fault of our own is not hidden as an unavailable backend', async () => {
    const records = customerRecords({ bookings: async () => [], returns: async () => Promise.reject(new TypeError('bug')) }, silentLogger());
    await assert.rejects(records('webchat/users/u1'), TypeError);
  });
});
