import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { BackendError } from '../../bots/backendError';
import type { BookingRequest } from '../../dialogs/booking/bookingService';
import { CalDavBookingService, type CalDavBookingOptions } from '../../dialogs/booking/caldavBookingService';
import { startRadicale, type Radicale } from '../fakes/radicaleServer';
import { CONTRACT_NOW, bookingServiceContract } from '../support/bookingServiceContract';

const ZONE = 'Europe/Berlin';
const USER = 'shop';
const PASSWORD = 'calendar-secret';
/** A second account with exactly one calendar, for discovery. */
const FRONT_DESK = 'frontdesk';

function request(extra: Partial<BookingRequest> = {}): BookingRequest {
  return { storeId: 'krakow', serviceId: 'consultation', start: '2026-11-23T10:00', name: 'Anna', contact: 'anna@example.com', customerKey: 'webchat/users/anna', ...extra };
}

const BERLIN_ZONE = `BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`;

/** An event as a calendar app writes it: local times with their VTIMEZONE. */
function staffEvent(uid: string, lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Staff//Calendar app//EN', BERLIN_ZONE, 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261120T120000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

async function rejectsWithCode(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof BackendError, `${what}: ${String(err)}`);
    assert.equal(err.backend, 'caldav', what);
    assert.equal(err.code, code, `${what}: ${err.message}`);
    return true;
  });
}

/** Every call of the service that talks to the calendar, each expected to fail with `code`. */
async function everyCallFails(service: CalDavBookingService, code: string): Promise<void> {
  await rejectsWithCode(service.availability('krakow', 'consultation', '2026-11-23T12:00'), code, 'availability');
  await rejectsWithCode(service.book(request({ start: '2026-11-23T12:00' })), code, 'book');
  await rejectsWithCode(service.find('K7P3QX'), code, 'find');
  await rejectsWithCode(service.list('webchat/users/anna'), code, 'list');
  await rejectsWithCode(service.cancel('K7P3QX', 'webchat/users/anna'), code, 'cancel');
}

describe('CalDAV bookings on radicale', function () {
  this.timeout(30_000);
  let radicale: Radicale | undefined;
  const server = (): Radicale => {
    if (!radicale) throw new Error('radicale is not running');
    return radicale;
  };
  const options = (calendarUrl: string | undefined, extra: Partial<CalDavBookingOptions> = {}): CalDavBookingOptions => ({
    serverUrl: server().url,
    calendarUrl,
    username: USER,
    password: PASSWORD,
    timeZone: ZONE,
    now: () => CONTRACT_NOW,
    ...extra,
  });
  const put = async (calendarUrl: string, name: string, ics: string) => {
    const answer = await server().raw(USER, `${calendarUrl}${name}.ics`, { method: 'PUT', body: ics, headers: { 'content-type': 'text/calendar; charset=utf-8' } });
    assert.equal(answer.status, 201, await answer.text());
  };
  const problem = async (service: CalDavBookingService, storeId: string, start: string) => {
    const result = await service.availability(storeId, 'consultation', start);
    return result.ok ? 'ok' : result.problem;
  };

  before(async () => {
    radicale = await startRadicale({ [USER]: PASSWORD, [FRONT_DESK]: PASSWORD });
  });
  after(async () => {
    await radicale?.stop();
  });

  bookingServiceContract('CalDavBookingService on radicale', async (now) => {
    const calendarUrl = await server().makeCalendar(USER);
    return { service: new CalDavBookingService(options(calendarUrl, { now })), close: async () => {} };
  });

  describe("the shop's own calendar", () => {
    let calendarUrl = '';
    let service: CalDavBookingService;
    beforeEach(async () => {
      calendarUrl = await server().makeCalendar(USER);
      service = new CalDavBookingService(options(calendarUrl));
    });

    it('an event staff put in by hand blocks its time in the store its LOCATION names, and only there', async () => {
      await service.book(request({ storeId: 'berlin' })); // Berlin: one of two places taken at 10:00
      await put(calendarUrl, 'inventory', staffEvent('inventory', ['DTSTART;TZID=Europe/Berlin:20261123T100000', 'DTEND;TZID=Europe/Berlin:20261123T110000', 'SUMMARY:Inventory', 'LOCATION:Kraków, Floriańska 20']));
      assert.equal(await problem(service, 'krakow', '2026-11-23T10:00'), 'full');
      assert.equal(await problem(service, 'krakow', '2026-11-23T10:30'), 'full');
      assert.equal(await problem(service, 'krakow', '2026-11-23T11:00'), 'ok');
      assert.equal(await problem(service, 'berlin', '2026-11-23T10:00'), 'ok', 'a Kraków event takes no one in Berlin');
      await assert.rejects(service.book(request({ start: '2026-11-23T10:30' })), { name: 'SlotTakenError' });
    });

    it('an event naming no store blocks every store; free time and cancelled events block none', async () => {
      await service.book(request({ storeId: 'berlin' }));
      await put(calendarUrl, 'meeting', staffEvent('meeting', ['DTSTART;TZID=Europe/Berlin:20261123T100000', 'DTEND;TZID=Europe/Berlin:20261123T103000', 'SUMMARY:Team meeting']));
      await put(calendarUrl, 'lunch', staffEvent('lunch', ['DTSTART;TZID=Europe/Berlin:20261123T120000', 'DTEND;TZID=Europe/Berlin:20261123T130000', 'SUMMARY:Lunch (free)', 'TRANSP:TRANSPARENT']));
      await put(calendarUrl, 'called-off', staffEvent('called-off', ['DTSTART;TZID=Europe/Berlin:20261123T140000', 'DTEND;TZID=Europe/Berlin:20261123T150000', 'SUMMARY:Visit', 'STATUS:CANCELLED']));
      assert.equal(await problem(service, 'krakow', '2026-11-23T10:00'), 'full');
      assert.equal(await problem(service, 'berlin', '2026-11-23T10:00'), 'full', 'the booking and the meeting take both places');
      assert.equal(await problem(service, 'krakow', '2026-11-23T12:00'), 'ok');
      assert.equal(await problem(service, 'krakow', '2026-11-23T14:00'), 'ok');
    });

    it('a weekly staff meeting blocks each of its occurrences; an all-day event blocks the whole day', async () => {
      await put(calendarUrl, 'weekly', staffEvent('weekly', ['DTSTART;TZID=Europe/Berlin:20261102T120000', 'DTEND;TZID=Europe/Berlin:20261102T123000', 'RRULE:FREQ=WEEKLY;BYDAY=MO', 'SUMMARY:Weekly', 'LOCATION:Kraków']));
      await put(calendarUrl, 'closed', staffEvent('closed', ['DTSTART;VALUE=DATE:20261125', 'DTEND;VALUE=DATE:20261126', 'SUMMARY:Closed for stocktaking', 'CATEGORIES:Krakow']));
      assert.equal(await problem(service, 'krakow', '2026-11-23T12:00'), 'full');
      assert.equal(await problem(service, 'krakow', '2026-11-30T12:00'), 'full');
      assert.equal(await problem(service, 'krakow', '2026-11-24T12:00'), 'ok', 'Tuesday has no meeting');
      assert.equal(await problem(service, 'krakow', '2026-11-25T09:00'), 'full');
      assert.equal(await problem(service, 'krakow', '2026-11-25T18:30'), 'full');
      assert.equal(await problem(service, 'krakow', '2026-11-26T09:00'), 'ok');
    });

    it('a booking is a real event any CalDAV client reads: UID, SUMMARY, DTSTART, LOCATION, DESCRIPTION', async () => {
      const booking = await service.book(request({ name: 'Anna; Maria, "K"', contact: '+48 600 100 200' }));
      const answer = await server().raw(USER, `${calendarUrl}${booking.code}.ics`);
      assert.equal(answer.status, 200);
      const vevent = new ICAL.Component(ICAL.parse(await answer.text())).getFirstSubcomponent('vevent');
      assert.ok(vevent);
      assert.equal(vevent.getFirstPropertyValue('uid'), booking.code);
      assert.equal(vevent.getFirstPropertyValue('summary'), 'Consultation (30 min): Anna; Maria, "K"');
      assert.equal(String(vevent.getFirstPropertyValue('dtstart')), '2026-11-23T09:00:00Z', '10:00 in Kraków');
      assert.equal(String(vevent.getFirstPropertyValue('dtend')), '2026-11-23T09:30:00Z');
      assert.match(String(vevent.getFirstPropertyValue('location')), /^Kraków Stare Miasto, ul\. Floriańska 20/);
      assert.match(String(vevent.getFirstPropertyValue('description')), /Customer: Anna; Maria, "K"\nContact: \+48 600 100 200/);
      assert.deepEqual(await service.find(booking.code), booking, 'what the customer typed comes back exactly');
    });

    it('an appointment staff moved in their calendar is found, listed and counted where it now is', async () => {
      const booking = await service.book(request());
      const url = `${calendarUrl}${booking.code}.ics`;
      const original = await server().raw(USER, url);
      const moved = (await original.text()).replace('DTSTART:20261123T090000Z', 'DTSTART:20261123T140000Z').replace('DTEND:20261123T093000Z', 'DTEND:20261123T143000Z');
      const answer = await server().raw(USER, url, { method: 'PUT', body: moved, headers: { 'content-type': 'text/calendar', 'if-match': original.headers.get('etag') ?? '' } });
      assert.ok(answer.ok, String(answer.status));
      assert.equal((await service.find(booking.code))?.start, '2026-11-23T15:00');
      assert.deepEqual((await service.list('webchat/users/anna')).map((b) => b.start), ['2026-11-23T15:00']);
      assert.equal(await problem(service, 'krakow', '2026-11-23T10:00'), 'ok');
      assert.equal(await problem(service, 'krakow', '2026-11-23T15:00'), 'full');
    });

    it('a code already in the calendar is never overwritten: another code is drawn', async () => {
      const codes = ['K7P3QX', 'K7P3QX', 'M4RT9W'];
      const drawing = new CalDavBookingService(options(calendarUrl, { drawCode: () => codes.shift() ?? 'ZZZZZZ' }));
      const first = await drawing.book(request());
      const second = await drawing.book(request({ storeId: 'berlin', name: 'Ben', customerKey: 'webchat/users/ben' }));
      assert.deepEqual([first.code, second.code], ['K7P3QX', 'M4RT9W']);
      assert.deepEqual(await drawing.find('K7P3QX'), first);
    });

    it('five bots on one calendar racing for the two places in Berlin never overbook it', async () => {
      const bots = Array.from({ length: 5 }, () => new CalDavBookingService(options(calendarUrl)));
      const results = await Promise.allSettled(bots.map((bot, i) => bot.book(request({ storeId: 'berlin', customerKey: `webchat/users/${i}` }))));
      const won = results.filter((r) => r.status === 'fulfilled').length;
      assert.ok(won >= 1 && won <= 2, `${won} won`);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'SlotTakenError');
      const events = await server().raw(USER, calendarUrl, { method: 'PROPFIND', headers: { depth: '1' } });
      assert.equal(((await events.text()).match(/\.ics<\/href>/g) ?? []).length, won, 'no event of a bot that stepped back is left');
    });
  });

  it('without a calendar URL the account\'s calendar is found and booked into', async () => {
    const calendarUrl = await server().makeCalendar(FRONT_DESK, 'appointments');
    const service = new CalDavBookingService({ ...options(undefined), username: FRONT_DESK });
    const booking = await service.book(request());
    assert.equal((await server().raw(FRONT_DESK, `${calendarUrl}${booking.code}.ics`)).status, 200);
    assert.deepEqual(await service.find(booking.code), booking);
  });

  it('a wrong password fails every call with BackendError 401', async () => {
    const calendarUrl = await server().makeCalendar(USER);
    await everyCallFails(new CalDavBookingService(options(calendarUrl, { password: 'not-the-password' })), '401');
  });

  it('radicale stopped: every call fails with BackendError ECONNREFUSED, and works again once it is back', async () => {
    const own = await startRadicale({ [USER]: PASSWORD });
    try {
      const calendarUrl = await own.makeCalendar(USER);
      const service = new CalDavBookingService({ ...options(calendarUrl), serverUrl: own.url });
      const booking = await service.book(request());
      await own.halt();
      await everyCallFails(service, 'ECONNREFUSED');
      await own.start();
      assert.deepEqual(await service.find(booking.code), booking);
    } finally {
      await own.stop();
    }
  });
});

describe('CalDAV bookings on a server that misbehaves', () => {
  const options = (url: string, extra: Partial<CalDavBookingOptions> = {}): CalDavBookingOptions => ({ serverUrl: url, calendarUrl: `${url}/shop/calendar/`, username: USER, password: PASSWORD, timeZone: ZONE, now: () => CONTRACT_NOW, ...extra });

  async function listening(server: net.Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('one that accepts the connection and never answers fails the call with BackendError timeout', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    const url = await listening(silent);
    try {
      await everyCallFails(new CalDavBookingService(options(url, { timeoutMs: 300 })), 'timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('one that answers 503, or a page that is no calendar, fails the call with a BackendError naming it', async () => {
    let answer = { status: 503, type: 'text/plain', body: 'down for maintenance' };
    const broken = http.createServer((req, res) => {
      req.resume();
      // Not chained: another test file may wrap writeHead without returning the response.
      res.writeHead(answer.status, { 'content-type': answer.type });
      res.end(answer.body);
    });
    const url = await listening(broken);
    try {
      await everyCallFails(new CalDavBookingService(options(url)), '503');
      answer = { status: 200, type: 'text/html', body: '<html><body>Welcome to our new website</body></html>' };
      const service = new CalDavBookingService(options(url));
      await rejectsWithCode(service.availability('krakow', 'consultation', '2026-11-23T12:00'), 'invalid-response', 'availability');
      await rejectsWithCode(service.find('K7P3QX'), 'invalid-response', 'find');
      await rejectsWithCode(service.list('webchat/users/anna'), 'invalid-response', 'list');
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});
