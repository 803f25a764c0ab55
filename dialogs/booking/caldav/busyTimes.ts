import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import { fold } from '../../prompts/text';
import type { Store } from '../bookingService';

/** Our own events name their store here; a hand-made event is attributed by its LOCATION or CATEGORIES. */
export const STORE_PROPERTY = 'x-switchboard-store';

/** One stretch of time an event takes from its stores' staff, in epoch milliseconds. */
export interface Busy {
  uid: string;
  start: number;
  end: number;
  /** The stores it counts against; undefined when it names none, so it counts against every store. */
  storeIds?: string[];
}

/** Guards the expansion of a recurring event whose rule never reaches the window (or never ends). */
const MAX_OCCURRENCES = 20_000;

/**
 * An iCalendar time as a luxon DateTime. UTC and zones defined by a VTIMEZONE in the object are
 * exact (ical.js resolves them); a TZID without its VTIMEZONE, as many clients write "Europe/Berlin",
 * is read in that IANA zone when luxon knows it; a floating time or an all-day date is the shop's
 * wall clock.
 */
export function toDateTime(time: ICAL.Time, tzid: string | undefined, timeZone: string): DateTime {
  const wall = { year: time.year, month: time.month, day: time.day };
  if (time.isDate) return DateTime.fromObject(wall, { zone: timeZone });
  if (time.zone && time.zone !== ICAL.Timezone.localTimezone) return DateTime.fromSeconds(time.toUnixTime(), { zone: timeZone });
  const zone = tzid && IANAZone.isValidZone(tzid) ? tzid : timeZone;
  return DateTime.fromObject({ ...wall, hour: time.hour, minute: time.minute, second: time.second }, { zone }).setZone(timeZone);
}

function tzidOf(event: ICAL.Component, name: 'dtstart' | 'dtend'): string | undefined {
  const tzid = event.getFirstProperty(name)?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

const containsWord = (text: string, word: string): boolean => {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return word.length > 0 && new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text);
};

/**
 * The stores an event counts against. Ours carry X-SWITCHBOARD-STORE. A hand-made one belongs to
 * every store its LOCATION or one of its CATEGORIES names (by id, name or one of the words
 * customers use for it: "Kraków", "Berlin Mitte", "Friedrichstraße 12"); one that names no store
 * (a staff meeting, a holiday) blocks all of them: an unknown absence is safer than an overbooking.
 */
export function storesOf(event: ICAL.Component, stores: readonly Store[]): string[] | undefined {
  const own = event.getFirstPropertyValue(STORE_PROPERTY);
  if (typeof own === 'string' && stores.some((s) => s.id === own)) return [own];
  const texts = [event.getFirstPropertyValue('location'), ...event.getAllProperties('categories').flatMap((p) => p.getValues())]
    .filter((value): value is string => typeof value === 'string')
    .map(fold);
  const named = stores.filter((store) => [store.id, store.name, ...(store.synonyms ?? [])].some((word) => texts.some((text) => containsWord(text, fold(word)))));
  return named.length > 0 ? named.map((s) => s.id) : undefined;
}

/** Free-time entries (TRANSP:TRANSPARENT) and cancelled ones take no one's time. */
function blocks(event: ICAL.Component): boolean {
  const transp = event.getFirstPropertyValue('transp');
  const status = event.getFirstPropertyValue('status');
  return !(typeof transp === 'string' && transp.toUpperCase() === 'TRANSPARENT') && !(typeof status === 'string' && status.toUpperCase() === 'CANCELLED');
}

/**
 * The busy times in one calendar object (one resource: an event, or a recurring event with its
 * changed occurrences) that overlap [from, to). Throws what ical.js throws on a broken object.
 */
export function busyIn(ics: string, from: DateTime, to: DateTime, timeZone: string, stores: readonly Store[]): Busy[] {
  const vevents = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
  const exceptions = vevents.filter((v) => v.hasProperty('recurrence-id'));
  const found: Busy[] = [];
  const add = (component: ICAL.Component, start: ICAL.Time, end: ICAL.Time) => {
    if (!blocks(component)) return;
    const busy = {
      uid: String(component.getFirstPropertyValue('uid') ?? ''),
      start: toDateTime(start, tzidOf(component, 'dtstart'), timeZone).toMillis(),
      end: toDateTime(end, tzidOf(component, 'dtend') ?? tzidOf(component, 'dtstart'), timeZone).toMillis(),
      storeIds: storesOf(component, stores),
    };
    if (busy.start < to.toMillis() && busy.end > from.toMillis()) found.push(busy);
  };
  for (const master of vevents.filter((v) => !v.hasProperty('recurrence-id'))) {
    const event = new ICAL.Event(master, { exceptions });
    if (!event.isRecurring()) {
      add(master, event.startDate, event.endDate);
      continue;
    }
    const occurrences = event.iterator();
    for (let i = 0, next = occurrences.next(); next && i < MAX_OCCURRENCES; i += 1, next = occurrences.next()) {
      const details = event.getOccurrenceDetails(next);
      if (toDateTime(details.startDate, tzidOf(master, 'dtstart'), timeZone) >= to) break;
      add(details.item.component, details.startDate, details.endDate);
    }
  }
  return found;
}

/**
 * Whether `start` has a free member of staff in every grid cell a booking of `minutes` takes, the
 * way the sample counts bookings per cell: a cell is full when as many events overlap it as the
 * store has staff.
 */
export function fitsAmong(busy: readonly Busy[], store: Store, start: DateTime, minutes: number, slotMinutes: number): boolean {
  const mine = busy.filter((b) => !b.storeIds || b.storeIds.includes(store.id));
  for (let cell = 0; cell < Math.ceil(minutes / slotMinutes); cell += 1) {
    const from = start.plus({ minutes: cell * slotMinutes }).toMillis();
    const to = from + slotMinutes * 60_000;
    if (mine.filter((b) => b.start < to && b.end > from).length >= store.staff) return false;
  }
  return true;
}
