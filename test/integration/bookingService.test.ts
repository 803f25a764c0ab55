import assert from 'node:assert/strict';
import { SlotTakenError, StoredBookingService, type BookingRequest } from '../../dialogs/booking/bookingService';
import { storeFactories } from '../support/stores';

// Sunday 22 November 2026, 10:00 in Berlin.
const NOW = new Date('2026-11-22T09:00:00Z');
const ZONE = 'Europe/Berlin';

function request(extra: Partial<BookingRequest> = {}): BookingRequest {
  return { storeId: 'krakow', serviceId: 'consultation', start: '2026-11-23T10:00', name: 'Anna', contact: 'anna@example.com', customerKey: 'webchat/users/anna', ...extra };
}

describe('booking service', () => {
  for (const factory of storeFactories()) {
    describe(`on the ${factory.name} store`, () => {
      it('checks opening hours, the past, the slot grid and the closing time', async () => {
        const storage = await factory.open();
        try {
          const bookings = new StoredBookingService(storage, ZONE, () => NOW);
          assert.deepEqual(await bookings.availability('berlin', 'fitting', '2026-11-23T10:00'), { ok: true });
          const sunday = await bookings.availability('berlin', 'fitting', '2026-11-22T12:00');
          assert.equal(sunday.ok, false);
          if (!sunday.ok) {
            assert.equal(sunday.problem, 'closed');
            assert.equal(sunday.alternatives.length, 3);
            assert.ok(sunday.alternatives.every((a) => a.startsWith('2026-11-23T')), sunday.alternatives.join());
          }
          const cases: [string, string, string][] = [
            ['berlin', '2026-11-20T10:00', 'past'],
            ['berlin', '2026-11-23T10:07', 'off-grid'],
            ['berlin', '2026-11-23T18:30', 'closed'],
            ['berlin', '2026-11-28T16:00', 'closed'],
            ['berlin', 'tomorrow', 'invalid'],
          ];
          for (const [store, start, problem] of cases) {
            const result = await bookings.availability(store, 'fitting', start);
            assert.equal(result.ok ? 'ok' : result.problem, problem, start);
          }
        } finally {
          await factory.close(storage);
        }
      });

      it('a full slot is refused with the nearest free starts', async () => {
        const storage = await factory.open();
        try {
          const bookings = new StoredBookingService(storage, ZONE, () => NOW);
          const first = await bookings.book(request());
          assert.match(first.code, /^[A-HJ-NP-Z2-9]{6}$/);
          const taken = await bookings.availability('krakow', 'consultation', '2026-11-23T10:00');
          assert.deepEqual(taken, { ok: false, problem: 'full', alternatives: ['2026-11-23T10:30', '2026-11-23T09:30', '2026-11-23T10:45'] });
          await assert.rejects(bookings.book(request({ customerKey: 'webchat/users/ben' })), SlotTakenError);
        } finally {
          await factory.close(storage);
        }
      });

      it('finds a booking by its code for anyone, as stored, and nothing once it is cancelled', async () => {
        const storage = await factory.open();
        try {
          const bookings = new StoredBookingService(storage, ZONE, () => NOW);
          const made = await bookings.book(request());
          // Another conversation's service instance: only the store is shared.
          const elsewhere = new StoredBookingService(storage, ZONE, () => NOW);
          assert.deepEqual(await elsewhere.find(made.code), made);
          assert.equal(await elsewhere.find('ZZZZZZ'), undefined);
          assert.equal(await elsewhere.cancel(made.code, made.customerKey), true);
          assert.equal(await bookings.find(made.code), undefined);
          assert.deepEqual(await bookings.list(made.customerKey), []);
        } finally {
          await factory.close(storage);
        }
      });

      it('two customers racing for the last place: exactly one gets it', async () => {
        const storage = await factory.open();
        try {
          // Two service instances on one store, as two servers would be.
          const a = new StoredBookingService(storage, ZONE, () => NOW);
          const b = new StoredBookingService(storage, ZONE, () => NOW);
          const results = await Promise.allSettled([a.book(request({ customerKey: 'u/a' })), b.book(request({ customerKey: 'u/b' }))]);
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
          const loser = results.find((r) => r.status === 'rejected');
          assert.ok(loser?.status === 'rejected' && loser.reason instanceof SlotTakenError);
          assert.ok(loser.reason.alternatives.length > 0);
        } finally {
          await factory.close(storage);
        }
      });

      it('lists a customer\'s bookings and frees the slot on cancel (only by its owner)', async () => {
        const storage = await factory.open();
        try {
          const bookings = new StoredBookingService(storage, ZONE, () => NOW);
          const booking = await bookings.book(request());
          assert.deepEqual((await bookings.list('webchat/users/anna')).map((b) => b.code), [booking.code]);
          assert.equal(await bookings.cancel(booking.code, 'webchat/users/mallory'), false);
          assert.equal(await bookings.cancel(booking.code, 'webchat/users/anna'), true);
          assert.deepEqual(await bookings.list('webchat/users/anna'), []);
          assert.deepEqual(await bookings.availability('krakow', 'consultation', '2026-11-23T10:00'), { ok: true });
        } finally {
          await factory.close(storage);
        }
      });
    });
  }
});
