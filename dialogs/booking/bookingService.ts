import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Locale } from '../../bots/config';
import { ETAG_NEW_ITEM, isETagConflict, type ManagedStorage } from '../../bots/state/types';
import catalog from './catalog.json';
import { candidatesAround, cellsOf, formatWall, parseWall, slotProblem, type OpeningHours, type SlotProblem, type SlotRules } from './slots';

export interface Store {
  id: string;
  name: string;
  address: string;
  staff: number;
  hours: OpeningHours;
  /** Other words customers use for the store (city names in each language, the district). */
  synonyms?: string[];
}

export interface Service {
  id: string;
  minutes: number;
  names: Record<Locale, string>;
  /** Short names and other words per locale ("repair", "Reparatur", "naprawa"). */
  synonyms?: Partial<Record<Locale, string[]>>;
}

export interface Booking {
  code: string;
  storeId: string;
  serviceId: string;
  /** Local wall-clock start in the shop's time zone, `YYYY-MM-DDTHH:mm`. */
  start: string;
  name: string;
  contact: string;
  customerKey: string;
  createdAt: string;
}

export type BookingRequest = Omit<Booking, 'code' | 'createdAt'>;

/** What a shop offers: its stores with their hours and staff, its services, and the slot grid. */
export interface BookingCatalog {
  slotMinutes: number;
  stores: Store[];
  services: Service[];
}

/** The sample shop's catalogue, shared by every BookingService that does not bring its own. */
export const SAMPLE_CATALOG: BookingCatalog = { slotMinutes: catalog.slotMinutes, stores: catalog.stores as Store[], services: catalog.services };

export type Availability = { ok: true } | { ok: false; problem: SlotProblem | 'full'; alternatives: string[] };

/** Thrown when the slot filled up between asking and booking; carries nearby free starts. */
export class SlotTakenError extends Error {
  constructor(readonly alternatives: string[]) {
    super('BookingService.book(): the slot is no longer free');
    this.name = 'SlotTakenError';
  }
}

export interface StoredBookingOptions {
  now?: () => Date;
  drawCode?: () => string;
  /** The shop's stores (hours, staff) and services; the sample shop's when unset. */
  catalog?: BookingCatalog;
}

/** Appointments at the sample stores; a shop replaces this with its own calendar backend. */
export interface BookingService {
  stores(): Store[];
  services(): Service[];
  availability(storeId: string, serviceId: string, start: string): Promise<Availability>;
  book(request: BookingRequest): Promise<Booking>;
  list(customerKey: string): Promise<Booking[]>;
  /** The booking with this code, whoever made it (one read, no scan); the caller checks it is theirs. */
  find(code: string): Promise<Booking | undefined>;
  cancel(code: string, customerKey: string): Promise<boolean>;
}

interface DayItem {
  /** Bookings per grid cell ("HH:mm"). */
  cells: Record<string, number>;
  eTag?: string;
}

const dayKey = (storeId: string, date: string) => `booking/day/${storeId}/${date}`;
const bookingKey = (code: string) => `booking/code/${code}`;
const customerKey = (key: string) => `booking/customer/${key}`;
/** No 0/O or 1/I, so a code read out on the phone is unambiguous. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

/** A fresh random booking code. */
export function drawBookingCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}
const MAX_ATTEMPTS = 10;

/**
 * Capacity lives in one item per store and day, written with its eTag: two customers racing for
 * the last place both read "1 free", one write wins and the other re-reads, sees it full and is
 * offered the nearest free starts instead.
 */
export class StoredBookingService implements BookingService {
  private readonly now: () => Date;
  private readonly drawCode: () => string;
  private readonly catalog: BookingCatalog;

  constructor(
    private readonly storage: ManagedStorage,
    private readonly timeZone: string,
    clockOrOptions: (() => Date) | StoredBookingOptions = {},
    /** Where codes come from; scripted conversations fix them so a customer can type one. */
    drawCode?: () => string,
  ) {
    const options = typeof clockOrOptions === 'function' ? { now: clockOrOptions } : clockOrOptions;
    this.now = options.now ?? (() => new Date());
    this.drawCode = drawCode ?? options.drawCode ?? drawBookingCode;
    this.catalog = options.catalog ?? SAMPLE_CATALOG;
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
    const now = DateTime.fromJSDate(this.now(), { zone: this.timeZone });
    if (!time) return { ok: false, problem: 'invalid', alternatives: [] };
    const problem = slotProblem(time, service.minutes, now, rules);
    if (!problem && (await this.fits(store, time, service.minutes))) return { ok: true };
    return { ok: false, problem: problem ?? 'full', alternatives: await this.alternatives(store, service, time, rules) };
  }

  async book(request: BookingRequest): Promise<Booking> {
    const { store, service, rules } = this.lookup(request.storeId, request.serviceId);
    const time = parseWall(request.start, this.timeZone);
    const now = DateTime.fromJSDate(this.now(), { zone: this.timeZone });
    if (!time || slotProblem(time, service.minutes, now, rules)) throw new Error(`BookingService.book(): ${request.start} is not bookable`);
    const key = dayKey(store.id, time.toISODate() ?? '');
    const cells = cellsOf(time, service.minutes, rules.slotMinutes);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const day = ((await this.storage.read([key]))[key] as DayItem | undefined) ?? { cells: {} };
      if (cells.some((cell) => (day.cells[cell] ?? 0) >= store.staff)) throw new SlotTakenError(await this.alternatives(store, service, time, rules));
      const next = { ...day.cells };
      for (const cell of cells) next[cell] = (next[cell] ?? 0) + 1;
      try {
        await this.storage.write({ [key]: { cells: next, eTag: day.eTag ?? ETAG_NEW_ITEM } });
      } catch (err) {
        if (isETagConflict(err)) continue;
        throw err;
      }
      return this.record(request);
    }
    throw new Error('BookingService.book(): the day kept changing; try again');
  }

  async list(key: string): Promise<Booking[]> {
    const index = (await this.storage.read([customerKey(key)]))[customerKey(key)] as { codes?: string[] } | undefined;
    const codes = index?.codes ?? [];
    const items = await this.storage.read(codes.map(bookingKey));
    return codes.flatMap((code) => {
      const item = items[bookingKey(code)] as Booking | undefined;
      return item ? [item] : [];
    });
  }

  async find(code: string): Promise<Booking | undefined> {
    const item = (await this.storage.read([bookingKey(code)]))[bookingKey(code)] as (Booking & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...booking } = item;
    return booking;
  }

  async cancel(code: string, key: string): Promise<boolean> {
    const booking = (await this.storage.read([bookingKey(code)]))[bookingKey(code)] as (Booking & { eTag?: string }) | undefined;
    if (!booking || booking.customerKey !== key) return false;
    const { store, service, rules } = this.lookup(booking.storeId, booking.serviceId);
    const time = parseWall(booking.start, this.timeZone);
    if (time) {
      const dKey = dayKey(store.id, time.toISODate() ?? '');
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        const day = (await this.storage.read([dKey]))[dKey] as DayItem | undefined;
        if (!day) break;
        const next = { ...day.cells };
        for (const cell of cellsOf(time, service.minutes, rules.slotMinutes)) next[cell] = Math.max(0, (next[cell] ?? 0) - 1);
        try {
          await this.storage.write({ [dKey]: { cells: next, eTag: day.eTag } });
          break;
        } catch (err) {
          if (!isETagConflict(err)) throw err;
        }
      }
    }
    await this.storage.delete([bookingKey(code)]);
    await this.updateIndex(key, (codes) => codes.filter((c) => c !== code));
    return true;
  }

  private lookup(storeId: string, serviceId: string): { store: Store; service: Service; rules: SlotRules } {
    const store = this.stores().find((s) => s.id === storeId);
    const service = this.services().find((s) => s.id === serviceId);
    if (!store || !service) throw new Error(`BookingService.lookup(): unknown store "${storeId}" or service "${serviceId}"`);
    return { store, service, rules: { slotMinutes: this.catalog.slotMinutes, hours: store.hours, timeZone: this.timeZone } };
  }

  private async fits(store: Store, time: DateTime, minutes: number): Promise<boolean> {
    const key = dayKey(store.id, time.toISODate() ?? '');
    const day = (await this.storage.read([key]))[key] as DayItem | undefined;
    return cellsOf(time, minutes, this.catalog.slotMinutes).every((cell) => (day?.cells[cell] ?? 0) < store.staff);
  }

  /** The three free starts nearest to the one asked for. */
  private async alternatives(store: Store, service: Service, around: DateTime, rules: SlotRules): Promise<string[]> {
    const now = DateTime.fromJSDate(this.now(), { zone: this.timeZone });
    const free: string[] = [];
    for (const candidate of candidatesAround(around, service.minutes, now, rules)) {
      if (await this.fits(store, candidate, service.minutes)) free.push(formatWall(candidate));
      if (free.length === 3) break;
    }
    return free;
  }

  private async record(request: BookingRequest): Promise<Booking> {
    for (;;) {
      const code = this.drawCode();
      const booking: Booking = { ...request, code, createdAt: this.now().toISOString() };
      try {
        await this.storage.write({ [bookingKey(code)]: { ...booking, eTag: ETAG_NEW_ITEM } });
      } catch (err) {
        if (isETagConflict(err)) continue; // an existing code: draw another
        throw err;
      }
      await this.updateIndex(request.customerKey, (codes) => [...codes, code], request.start);
      return booking;
    }
  }

  /** `start` of a new booking: the index is kept (dialogs/storedKinds.ts) until after the latest appointment it lists. */
  private async updateIndex(key: string, change: (codes: string[]) => string[], start?: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const item = (await this.storage.read([customerKey(key)]))[customerKey(key)] as { codes?: string[]; latestStart?: string; eTag?: string } | undefined;
      const latestStart = [item?.latestStart, start].filter((s): s is string => s !== undefined).sort().at(-1);
      try {
        await this.storage.write({ [customerKey(key)]: { codes: change(item?.codes ?? []), ...(latestStart ? { latestStart } : {}), eTag: item?.eTag ?? ETAG_NEW_ITEM } });
        return;
      } catch (err) {
        if (!isETagConflict(err)) throw err;
      }
    }
    throw new Error('BookingService.updateIndex(): the customer index kept changing');
  }
}
