import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import type { Locale } from '../../bots/config';
import {
  SAMPLE_CATALOG,
  SlotTakenError,
  drawBookingCode,
  type Availability,
  type Booking,
  type BookingCatalog,
  type BookingRequest,
  type BookingService,
  type Service,
  type Store,
} from './bookingService';
import { PROPERTY, bookingFromICal, bookingToICal, customerSearchKey } from './caldav/bookingEvent';
import { busyIn, fitsAmong, type Busy } from './caldav/busyTimes';
import { CalendarClient, type CalendarObject } from './caldav/calendarClient';
import { caldavError } from './caldav/davHttp';
import { candidatesAround, formatWall, parseWall, slotProblem, type SlotRules } from './slots';

export interface CalDavBookingOptions {
  /** The account's CalDAV root, e.g. https://cloud.example.com/remote.php/dav/ (used to discover the calendar). */
  serverUrl: string;
  /** The calendar collection to book into; without it, the account's first calendar that takes events. */
  calendarUrl?: string;
  username: string;
  /** An app password where the provider has them (Fastmail, iCloud, Nextcloud). Never logged. */
  password: string;
  /** The shop's zone: booking starts are wall-clock times there, as in StoredBookingService. */
  timeZone: string;
  now?: () => Date;
  /** Stores, services, opening hours and grid; the sample catalogue unless the shop brings its own. */
  catalog?: BookingCatalog;
  /** Where codes come from; tests fix them. */
  drawCode?: () => string;
  /** Per request; 10 s unless set. */
  timeoutMs?: number;
  /** The language of the event titles staff see in the calendar; English unless set. */
  locale?: Locale;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Rounds of "create, re-check, step back" before a customer racing others is offered alternatives. */
const MAX_ROUNDS = 5;
const CODE_DRAWS = 10;
const CANCEL_ATTEMPTS = 3;
/** Only codes of letters and digits become an event's file name; anything else is no booking of ours. */
const PLAIN_CODE = /^[A-Za-z0-9]{1,64}$/;

/**
 * Bookings kept as events in a CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale…). The
 * calendar is the only shared state: every answer is read from its events, including those staff
 * put in by hand, so two bots, or a bot and the shop's staff, can share one calendar.
 */
export class CalDavBookingService implements BookingService {
  private readonly calendar: CalendarClient;
  private readonly catalog: BookingCatalog;
  private readonly timeZone: string;
  private readonly now: () => Date;
  private readonly drawCode: () => string;

  constructor(private readonly options: CalDavBookingOptions) {
    this.calendar = new CalendarClient({ ...options, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    this.catalog = options.catalog ?? SAMPLE_CATALOG;
    this.timeZone = options.timeZone;
    this.now = options.now ?? (() => new Date());
    this.drawCode = options.drawCode ?? drawBookingCode;
  }

  stores(): Store[] {
    return this.catalog.stores;
  }

  services(): Service[] {
    return this.catalog.services;
  }

  async availability(storeId: string, serviceId: string, start: string): Promise<Availability> {
    const { store, service, rules } = this.lookup(storeId, serviceId);
    const time = parseWall(start, this.timeZone);
    if (!time) return { ok: false, problem: 'invalid', alternatives: [] };
    const problem = slotProblem(time, service.minutes, this.wallNow(), rules);
    const days = this.days();
    if (!problem && fitsAmong(await days(time), store, time, service.minutes, rules.slotMinutes)) return { ok: true };
    return { ok: false, problem: problem ?? 'full', alternatives: await this.alternatives(days, store, service, time, rules) };
  }

  /**
   * Race-safe without a lock, as two bots on one calendar need: each booking first creates its
   * event (If-None-Match: * on `<code>.ics`, so a code clash never overwrites anyone), then reads
   * the slot's events again and keeps its event only if the others leave room. Of any set of
   * bookings that overfill a cell, the one whose re-read came last saw them all and steps back,
   * so the calendar is never overbooked, whatever the timing. When two re-reads see each other
   * both step back (delete their event); each then tries again after a random pause that grows
   * with every round, so one of them gets the place and the other finds it full and is offered
   * alternatives, as with the sample. After MAX_ROUNDS the customer is offered alternatives.
   * Assumes the server answers a read after a write with that write (one Radicale, Nextcloud or
   * Fastmail account does).
   */
  async book(request: BookingRequest): Promise<Booking> {
    const { store, service, rules } = this.lookup(request.storeId, request.serviceId);
    const time = parseWall(request.start, this.timeZone);
    if (!time || slotProblem(time, service.minutes, this.wallNow(), rules)) throw new Error(`CalDavBookingService.book(): ${request.start} is not bookable`);
    const end = time.plus({ minutes: service.minutes });
    for (let round = 1; ; round += 1) {
      const days = this.days();
      if (!fitsAmong(await days(time), store, time, service.minutes, rules.slotMinutes)) throw new SlotTakenError(await this.alternatives(days, store, service, time, rules));
      const placed = await this.place(request, store, service, time);
      const others = await this.busyBetween(time, end).then(
        (busy) => busy.filter((b) => b.uid !== placed.booking.code),
        async (err: unknown) => {
          // Not known to fit: an event left behind would be a booking the customer was never given.
          await this.calendar.remove(placed.url, placed.etag).catch(() => undefined);
          throw err;
        },
      );
      if (fitsAmong(others, store, time, service.minutes, rules.slotMinutes)) return placed.booking;
      await this.calendar.remove(placed.url, placed.etag);
      if (round === MAX_ROUNDS) throw new SlotTakenError(await this.alternatives(this.days(), store, service, time, rules));
      await sleep(Math.random() * 50 * 2 ** round);
    }
  }

  /**
   * The customer's bookings, found by the server (a calendar-query on our X- property) rather than
   * by an index in the bot's storage: the calendar stays the one source of truth, so an event staff
   * deleted or moved is listed as it is, and bots that share the calendar but not a store agree.
   */
  async list(customerKey: string): Promise<Booking[]> {
    const objects = await this.calendar.eventsWith(PROPERTY.customerSearch, customerSearchKey(customerKey));
    return objects
      .flatMap((object) => {
        const booking = this.read(object);
        return booking?.customerKey === customerKey ? [booking] : [];
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.start.localeCompare(b.start));
  }

  async find(code: string): Promise<Booking | undefined> {
    if (!PLAIN_CODE.test(code)) return undefined;
    const object = await this.calendar.get(await this.calendar.objectUrl(code));
    return object && this.read(object);
  }

  /** Deletes the event with the ETag it was read with, so a change staff made meanwhile is read again first. */
  async cancel(code: string, customerKey: string): Promise<boolean> {
    if (!PLAIN_CODE.test(code)) return false;
    const url = await this.calendar.objectUrl(code);
    for (let attempt = 0; attempt < CANCEL_ATTEMPTS; attempt += 1) {
      const object = await this.calendar.get(url);
      if (!object || this.read(object)?.customerKey !== customerKey) return false;
      const outcome = await this.calendar.remove(url, object.etag);
      if (outcome !== 'changed') return outcome === 'deleted';
    }
    throw caldavError(new Error('the event kept changing'), 'CalDavBookingService.cancel()');
  }

  private lookup(storeId: string, serviceId: string): { store: Store; service: Service; rules: SlotRules } {
    const store = this.stores().find((s) => s.id === storeId);
    const service = this.services().find((s) => s.id === serviceId);
    if (!store || !service) throw new Error(`CalDavBookingService.lookup(): unknown store "${storeId}" or service "${serviceId}"`);
    return { store, service, rules: { slotMinutes: this.catalog.slotMinutes, hours: store.hours, timeZone: this.timeZone } };
  }

  private wallNow(): DateTime {
    return DateTime.fromJSDate(this.now(), { zone: this.timeZone });
  }

  /** Creates the booking's event under a fresh code, drawing again while a code is taken. */
  private async place(request: BookingRequest, store: Store, service: Service, start: DateTime): Promise<{ booking: Booking; url: string; etag?: string }> {
    // Seconds only: that is what the event's CREATED keeps, so find() gives back the same booking.
    const createdAt = new Date(Math.floor(this.now().getTime() / 1000) * 1000).toISOString();
    for (let draw = 0; draw < CODE_DRAWS; draw += 1) {
      const booking: Booking = { ...request, code: this.drawCode(), createdAt };
      const url = await this.calendar.objectUrl(booking.code);
      const created = await this.calendar.create(url, bookingToICal(booking, store, service, start, this.options.locale ?? 'en'));
      if (created !== 'exists') return { booking, url, etag: created.etag };
    }
    throw new Error(`CalDavBookingService.book(): ${CODE_DRAWS} codes in a row were taken`);
  }

  /** Busy times per day, each day read once per call (availability and its alternatives share them). */
  private days(): (time: DateTime) => Promise<Busy[]> {
    const read = new Map<string, Promise<Busy[]>>();
    return (time) => {
      const day = time.startOf('day');
      const key = day.toISODate() ?? '';
      let busy = read.get(key);
      if (!busy) {
        busy = this.busyBetween(day, day.plus({ days: 1 }));
        read.set(key, busy);
      }
      return busy;
    };
  }

  private async busyBetween(from: DateTime, to: DateTime): Promise<Busy[]> {
    const objects = await this.calendar.eventsBetween(from.toJSDate(), to.toJSDate());
    return objects.flatMap((object) => {
      try {
        return busyIn(object.data, from, to, this.timeZone, this.stores());
      } catch (err) {
        throw caldavError(err, `CalDavBookingService: ${object.url}`);
      }
    });
  }

  private read(object: CalendarObject): Booking | undefined {
    try {
      return bookingFromICal(object.data, this.timeZone);
    } catch (err) {
      throw caldavError(err, `CalDavBookingService: ${object.url}`);
    }
  }

  /** The three free starts nearest to the one asked for, as the sample finds them. */
  private async alternatives(days: (time: DateTime) => Promise<Busy[]>, store: Store, service: Service, around: DateTime, rules: SlotRules): Promise<string[]> {
    const free: string[] = [];
    for (const candidate of candidatesAround(around, service.minutes, this.wallNow(), rules)) {
      if (fitsAmong(await days(candidate), store, candidate, service.minutes, rules.slotMinutes)) free.push(formatWall(candidate));
      if (free.length === 3) break;
    }
    return free;
  }
}
