import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Locale } from '../../../bots/config';
import type { Booking, Service, Store } from '../bookingService';
import { formatWall } from '../slots';
import { STORE_PROPERTY, toDateTime } from './busyTimes';

/**
 * The bot's own properties on a booking's VEVENT. SUMMARY, LOCATION and DESCRIPTION are for the
 * staff who read the calendar; these give the booking back exactly, whatever staff write there.
 */
export const PROPERTY = {
  store: STORE_PROPERTY,
  service: 'x-switchboard-service',
  customer: 'x-switchboard-customer',
  /** A hash of the customer key, searched on the server (see customerSearchKey). */
  customerSearch: 'x-switchboard-customer-id',
  name: 'x-switchboard-name',
  contact: 'x-switchboard-contact',
} as const;

/**
 * What list() asks the server to match: hex digits of the customer key's hash. Servers match
 * text-match case-insensitively and differ in how they treat escaped characters (a key with "," or
 * ";" is stored escaped), so the raw key is not searched; the exact key is checked on our side.
 */
export function customerSearchKey(customerKey: string): string {
  return createHash('sha256').update(customerKey).digest('hex').slice(0, 32);
}

/** A property of type TEXT, so ical.js escapes commas, semicolons and line breaks in what customers typed. */
function textProperty(name: string, value: string): ICAL.Property {
  const property = new ICAL.Property(name);
  property.resetType('text');
  property.setValue(value);
  return property;
}

const utc = (time: DateTime): ICAL.Time => ICAL.Time.fromJSDate(time.toJSDate(), true);

/**
 * The booking as an iCalendar object: one VEVENT whose UID is the booking code, in UTC (every
 * client shows it in its own zone, and no VTIMEZONE has to be written for the shop's zone).
 */
export function bookingToICal(booking: Booking, store: Store, service: Service, start: DateTime, locale: Locale): string {
  const vcalendar = new ICAL.Component(['vcalendar', [], []]);
  vcalendar.updatePropertyWithValue('prodid', '-//Switchboard//Bookings//EN');
  vcalendar.updatePropertyWithValue('version', '2.0');
  const vevent = new ICAL.Component('vevent');
  const created = utc(DateTime.fromISO(booking.createdAt));
  vevent.updatePropertyWithValue('uid', booking.code);
  vevent.updatePropertyWithValue('dtstamp', created);
  vevent.updatePropertyWithValue('created', created);
  vevent.updatePropertyWithValue('dtstart', utc(start));
  vevent.updatePropertyWithValue('dtend', utc(start.plus({ minutes: service.minutes })));
  vevent.updatePropertyWithValue('summary', `${service.names[locale]}: ${booking.name}`);
  vevent.updatePropertyWithValue('location', `${store.name}, ${store.address}`);
  vevent.updatePropertyWithValue('description', `Booking ${booking.code}\nCustomer: ${booking.name}\nContact: ${booking.contact}`);
  vevent.updatePropertyWithValue('status', 'CONFIRMED');
  vevent.updatePropertyWithValue('transp', 'OPAQUE');
  vevent.addProperty(textProperty(PROPERTY.store, booking.storeId));
  vevent.addProperty(textProperty(PROPERTY.service, booking.serviceId));
  vevent.addProperty(textProperty(PROPERTY.customer, booking.customerKey));
  vevent.addProperty(textProperty(PROPERTY.customerSearch, customerSearchKey(booking.customerKey)));
  vevent.addProperty(textProperty(PROPERTY.name, booking.name));
  vevent.addProperty(textProperty(PROPERTY.contact, booking.contact));
  vcalendar.addSubcomponent(vevent);
  return vcalendar.toString();
}

function text(event: ICAL.Component, name: string): string | undefined {
  const value = event.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : undefined;
}

/**
 * The booking a calendar object holds, or undefined when it is not one of ours (an event staff
 * made). The start is read from DTSTART, so an appointment staff moved in their calendar is
 * reported where it now is. Throws what ical.js throws on a broken object.
 */
export function bookingFromICal(ics: string, timeZone: string): Booking | undefined {
  const vevent = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').find((v) => !v.hasProperty('recurrence-id'));
  if (!vevent) return undefined;
  const code = text(vevent, 'uid');
  const storeId = text(vevent, PROPERTY.store);
  const serviceId = text(vevent, PROPERTY.service);
  const customerKey = text(vevent, PROPERTY.customer);
  const start = vevent.getFirstPropertyValue('dtstart');
  const created = vevent.getFirstPropertyValue('created') ?? vevent.getFirstPropertyValue('dtstamp');
  if (!code || !storeId || !serviceId || !customerKey || !(start instanceof ICAL.Time) || !(created instanceof ICAL.Time)) return undefined;
  const tzid = vevent.getFirstProperty('dtstart')?.getParameter('tzid');
  return {
    code,
    storeId,
    serviceId,
    start: formatWall(toDateTime(start, typeof tzid === 'string' ? tzid : undefined, timeZone)),
    name: text(vevent, PROPERTY.name) ?? '',
    contact: text(vevent, PROPERTY.contact) ?? '',
    customerKey,
    createdAt: created.toJSDate().toISOString(),
  };
}
