import assert from 'node:assert/strict';
import { BackendError } from '../../bots/backendError';
import { CODE_ALPHABET, CODE_LENGTH, SlotTakenError, type Availability, type Booking, type BookingRequest, type BookingService } from '../../dialogs/booking/bookingService';

/** A service under test on a fresh, empty backend; close() releases the backend. */
export interface ContractSubject {
  service: BookingService;
  close(): Promise<void>;
}

/**
 * Opens a fresh subject whose service reads the time from `now` (the contract fixes it; every
 * BookingService takes a clock so that "the past" and "tomorrow" mean the same in every run).
 */
export type OpenSubject = (now: () => Date) => Promise<ContractSubject>;

/** Sunday 22 November 2026, 10:00 in Berlin: every store is closed today, Monday is open 9–19. */
export const CONTRACT_NOW = new Date('2026-11-22T09:00:00Z');
const MONDAY_10 = '2026-11-23T10:00';
const CODE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

function request(extra: Partial<BookingRequest> = {}): BookingRequest {
  return { storeId: 'krakow', serviceId: 'consultation', start: MONDAY_10, name: 'Anna', contact: 'anna@example.com', customerKey: 'webchat/users/anna', ...extra };
}

/** A listed booking's own fields (the sample's list() also hands back its storage eTag, which is no part of a booking). */
function fields(bookings: Booking[]): Booking[] {
  return bookings.map(({ code, storeId, serviceId, start, name, contact, customerKey, createdAt }) => ({ code, storeId, serviceId, start, name, contact, customerKey, createdAt }));
}

function problemOf(result: Availability): string {
  return result.ok ? 'ok' : result.problem;
}

/**
 * What every BookingService must do, as the sample StoredBookingService does it, on the sample
 * catalogue: Kraków has one member of staff, Berlin two; a consultation takes 30 minutes on a
 * 15-minute grid; the shops open Monday to Friday 9–19 and Saturday 10–16.
 */
export function bookingServiceContract(name: string, open: OpenSubject): void {
  describe(`BookingService contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    const service = (): BookingService => {
      if (!subject) throw new Error('bookingServiceContract: no subject open');
      return subject.service;
    };

    beforeEach(async () => {
      subject = await open(() => CONTRACT_NOW);
    });
    afterEach(async () => {
      await subject?.close();
      subject = undefined;
    });

    describe('availability', () => {
      it('an open slot inside opening hours is free', async () => {
        assert.deepEqual(await service().availability('berlin', 'fitting', MONDAY_10), { ok: true });
      });

      it('a closed day is refused as closed, with the three nearest free starts on the next open day', async () => {
        const sunday = await service().availability('berlin', 'fitting', '2026-11-22T12:00');
        assert.equal(problemOf(sunday), 'closed');
        assert.ok(!sunday.ok);
        assert.deepEqual(sunday.alternatives, ['2026-11-23T09:00', '2026-11-23T09:15', '2026-11-23T09:30']);
      });

      it('the past, a start off the grid, one that runs past closing and an unreadable one are each named', async () => {
        const cases: [string, string][] = [
          ['2026-11-20T10:00', 'past'],
          ['2026-11-23T10:07', 'off-grid'],
          ['2026-11-23T18:30', 'closed'],
          ['2026-11-28T16:00', 'closed'],
          ['tomorrow', 'invalid'],
        ];
        for (const [start, problem] of cases) assert.equal(problemOf(await service().availability('berlin', 'fitting', start)), problem, start);
        const late = await service().availability('berlin', 'fitting', '2026-11-23T18:30');
        assert.deepEqual(!late.ok && late.alternatives, ['2026-11-23T18:15', '2026-11-23T18:00', '2026-11-23T17:45']);
      });
    });

    describe('book, find and list', () => {
      it('book returns the booking as asked, with a six-character code from the code alphabet', async () => {
        const asked = request();
        const booking = await service().book(asked);
        const { code, createdAt, ...asBooked } = booking;
        assert.match(code, CODE);
        assert.deepEqual(asBooked, asked);
        assert.equal(createdAt, CONTRACT_NOW.toISOString());
      });

      it('a start that is not bookable is refused on book, as a mistake rather than a full slot or a backend failure', async () => {
        for (const start of ['2026-11-22T12:00', '2026-11-20T10:00', '2026-11-23T10:07']) {
          await assert.rejects(service().book(request({ start })), (err: unknown) => err instanceof Error && !(err instanceof SlotTakenError) && !(err instanceof BackendError), start);
        }
      });

      it('find(code) returns the booking as it was made; an unknown code is undefined', async () => {
        const made = await service().book(request());
        assert.deepEqual(await service().find(made.code), made);
        assert.equal(await service().find(made.code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ'), undefined);
      });

      it("list(customerKey) lists that customer's bookings and no one else's", async () => {
        const first = await service().book(request());
        const second = await service().book(request({ storeId: 'berlin', start: '2026-11-24T15:00' }));
        const bens = await service().book(request({ start: '2026-11-23T12:00', name: 'Ben', customerKey: 'webchat/users/ben' }));
        const annas = fields(await service().list('webchat/users/anna'));
        assert.deepEqual(annas.map((b) => b.code).sort(), [first.code, second.code].sort());
        assert.deepEqual(annas.find((b) => b.code === second.code), second);
        assert.deepEqual(fields(await service().list('webchat/users/ben')), [bens]);
        assert.deepEqual(await service().list('webchat/users/nobody'), []);
      });
    });

    describe('capacity', () => {
      it('a full slot is refused on availability and on book, with the nearest free starts', async () => {
        await service().book(request());
        const taken = await service().availability('krakow', 'consultation', MONDAY_10);
        assert.deepEqual(taken, { ok: false, problem: 'full', alternatives: ['2026-11-23T10:30', '2026-11-23T09:30', '2026-11-23T10:45'] });
        await assert.rejects(service().book(request({ customerKey: 'webchat/users/ben' })), (err: unknown) => {
          assert.ok(err instanceof SlotTakenError);
          assert.deepEqual(err.alternatives, ['2026-11-23T10:30', '2026-11-23T09:30', '2026-11-23T10:45']);
          return true;
        });
      });

      it('a store with two staff takes two bookings of one slot, then is full', async () => {
        await service().book(request({ storeId: 'berlin' }));
        assert.deepEqual(await service().availability('berlin', 'consultation', MONDAY_10), { ok: true });
        await service().book(request({ storeId: 'berlin', customerKey: 'webchat/users/ben' }));
        assert.equal(problemOf(await service().availability('berlin', 'consultation', MONDAY_10)), 'full');
        await assert.rejects(service().book(request({ storeId: 'berlin', customerKey: 'webchat/users/carl' })), SlotTakenError);
        assert.deepEqual(await service().availability('krakow', 'consultation', MONDAY_10), { ok: true }, 'another store is not touched');
      });

      it('a longer booking blocks the starts it overlaps and frees the one after it', async () => {
        await service().book(request({ serviceId: 'fitting' })); // 10:00–10:45
        assert.equal(problemOf(await service().availability('krakow', 'consultation', '2026-11-23T10:30')), 'full');
        assert.equal(problemOf(await service().availability('krakow', 'consultation', '2026-11-23T09:45')), 'full');
        assert.deepEqual(await service().availability('krakow', 'consultation', '2026-11-23T10:45'), { ok: true });
        assert.deepEqual(await service().availability('krakow', 'consultation', '2026-11-23T09:30'), { ok: true });
      });

      it('two customers booking the last place at once: exactly one gets it, the other is offered alternatives', async () => {
        const results = await Promise.allSettled([service().book(request({ customerKey: 'u/a' })), service().book(request({ customerKey: 'u/b' }))]);
        const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        assert.equal(won.length, 1, JSON.stringify(results));
        const [loser] = lost;
        assert.ok(loser instanceof SlotTakenError, String(loser));
        assert.ok(loser.alternatives.length > 0);
        const [winner] = won;
        assert.deepEqual(fields(await service().list(winner?.customerKey ?? '')), won);
        assert.equal(problemOf(await service().availability('krakow', 'consultation', MONDAY_10)), 'full');
      });
    });

    describe('cancel', () => {
      it('cancelling frees the place, and the booking is gone from find and list', async () => {
        const booking = await service().book(request());
        assert.equal(await service().cancel(booking.code, 'webchat/users/anna'), true);
        assert.deepEqual(await service().availability('krakow', 'consultation', MONDAY_10), { ok: true });
        assert.equal(await service().find(booking.code), undefined);
        assert.deepEqual(await service().list('webchat/users/anna'), []);
        assert.equal(await service().cancel(booking.code, 'webchat/users/anna'), false, 'a second cancel finds nothing');
      });

      it("another customer's cancel is refused and changes nothing", async () => {
        const booking = await service().book(request());
        assert.equal(await service().cancel(booking.code, 'webchat/users/mallory'), false);
        assert.deepEqual(await service().find(booking.code), booking);
        assert.deepEqual(fields(await service().list('webchat/users/anna')), [booking]);
        assert.equal(problemOf(await service().availability('krakow', 'consultation', MONDAY_10)), 'full');
      });

      it('cancelling an unknown code is false', async () => {
        assert.equal(await service().cancel('ZZZZZZ', 'webchat/users/anna'), false);
      });

      it('moving a booking (book the new start, cancel the old) leaves one booking, at the new start', async () => {
        const old = await service().book(request());
        const moved = await service().book(request({ start: '2026-11-23T14:00' }));
        assert.equal(await service().cancel(old.code, 'webchat/users/anna'), true);
        assert.deepEqual(fields(await service().list('webchat/users/anna')), [moved]);
        assert.deepEqual(await service().availability('krakow', 'consultation', MONDAY_10), { ok: true });
        assert.equal(problemOf(await service().availability('krakow', 'consultation', '2026-11-23T14:00')), 'full');
      });
    });
  });
}
