import type { Locale } from '../../bots/config';
import { DateTime } from 'luxon';
import { findMention, recognizeDateTime, type ChoiceOption } from '../prompts';
import { fold } from '../prompts/text';
import { readBookingCode } from './bookingCode';
import type { Service, Store } from './bookingService';

/**
 * Within the booking intent, whether the customer wants a new appointment or to see, cancel or
 * move existing ones. The NLU model knows "booking"; these words pick the task inside it.
 */
const EXISTING: Record<Locale, RegExp> = {
  en: /\b(my (bookings?|appointments?)|cancel (my|the) (booking|appointment)|(move|reschedule|change) (my|the) (booking|appointment)|when is my appointment|(what|which) (bookings?|appointments?) do i have|do i have (any |an )?(bookings?|appointments?))\b/i,
  de: /\b(meine[nm]? (termine?|buchung(en)?)|termin (absagen|verschieben|umbuchen|stornieren|ändern)|wann ist mein termin|habe ich (noch )?(einen|welche) (termine?|buchung(en)?))\b/i,
  // Typed without diacritics too: "chce odwolac moja wizyte".
  pl: /(moje (wizyty|rezerwacje)|moj[aąe] (wizyt|rezerwacj)|odwo[lł]a[jćc]|anulowa[cć]|prze[lł][oó][zż]|przesun[aą][cć]|zmie[nń] termin|kiedy mam wizyt|czy mam (jak[aąi][sś] )?(wizyt|rezerwacj))/i,
};

/**
 * Also when the message names a booking code ("i booked on my phone, can i move it? k7p 3qx"): it
 * is only asked once the NLU said "booking", and a new booking never comes with a code.
 */
export function wantsExistingBookings(text: string, locale: Locale): boolean {
  return EXISTING[locale].test(text) || readBookingCode(text) !== undefined;
}

/** What a message says about the appointment it asks for; every field optional. */
export interface BookingSlots {
  serviceId?: string;
  storeId?: string;
  /** `YYYY-MM-DDTHH:mm` when a day and a time were given (or a time alone: today). */
  start?: string;
  /** `YYYY-MM-DD` when a day was given without a time. */
  day?: string;
}

export interface SlotSources {
  services: readonly Service[];
  stores: readonly Store[];
  timeZone: string;
  now: Date;
}

const PAST_WORDS = /\b(ago|last|yesterday|bought|vor|gestern|letzte[nrs]?|gekauft|temu|wczoraj|zeszl\w*|kupil\w*)\b/u;

function isPast(value: string, hasTime: boolean, sources: SlotSources): boolean {
  const when = DateTime.fromFormat(value, "yyyy-MM-dd'T'HH:mm", { zone: sources.timeZone });
  const now = DateTime.fromJSDate(sources.now, { zone: sources.timeZone });
  // A time already gone today is kept (the customer is told it has passed); a day before today is not what they want.
  return when.isValid && !hasTime && when.endOf('day') < now;
}

export function serviceOptions(services: readonly Service[], locale: Locale): ChoiceOption[] {
  return services.map((s) => ({ title: s.names[locale], synonyms: s.synonyms?.[locale] ?? [] }));
}

export function storeOptions(stores: readonly Store[]): ChoiceOption[] {
  return stores.map((s) => ({ title: s.name, synonyms: s.synonyms ?? [] }));
}

/** The service, store and time named in `text` ("a consultation in krakow on friday at 10"). */
export function readBookingSlots(text: string, locale: Locale, sources: SlotSources): BookingSlots {
  const slots: BookingSlots = {};
  const service = findMention(text, serviceOptions(sources.services, locale));
  if (service && 'index' in service) slots.serviceId = sources.services[service.index]?.id;
  const store = findMention(text, storeOptions(sources.stores));
  if (store && 'index' in store) slots.storeId = sources.stores[store.index]?.id;
  // A button title is not a time: "Fitting (45 min)" would read as "in 45 minutes".
  const withoutTitles = sources.services.reduce((rest, service) => Object.values(service.names).reduce((r, name) => r.split(name).join(' '), rest), text);
  // "my zipper broke 3 days ago" names a day, but not the one the customer wants to come.
  const when = PAST_WORDS.test(fold(withoutTitles)) ? null : recognizeDateTime(withoutTitles, locale, sources.now, sources.timeZone);
  if (when && isPast(when.value, when.hasTime, sources)) return Object.fromEntries(Object.entries(slots).filter(([, v]) => v !== undefined));
  if (when?.hasTime) slots.start = when.value;
  else if (when?.hasDate) slots.day = when.value.slice(0, 10);
  return Object.fromEntries(Object.entries(slots).filter(([, v]) => v !== undefined));
}

/** "make it 11", "lieber um 11", "moze o 11": an hour alone, as people say it when changing a time. */
const BARE_HOUR = /^(?:\D*\s)?(\d{1,2})(?:\s\D*)?$/u;
/** Words that make a bare number a new time ("make it 11 instead"), not "can i bring my 3 kids". */
const CHANGE_WORDS = /\b(make it|instead|rather|how about|change|lieber|stattdessen|doch|besser|zamiast|raczej|moze|lepiej|zmien)\b/u;

/**
 * A change to a booking the customer is confirming ("make it 11 instead", "actually in berlin",
 * "friday instead"): the new slots, with a time alone kept on the booked day and a day alone at
 * the booked time; undefined when the message changes nothing.
 */
export function readCorrection(text: string, locale: Locale, sources: SlotSources, current: BookingSlots): BookingSlots | undefined {
  const named = readBookingSlots(text, locale, sources);
  const change: BookingSlots = {};
  if (named.serviceId && named.serviceId !== current.serviceId) change.serviceId = named.serviceId;
  if (named.storeId && named.storeId !== current.storeId) change.storeId = named.storeId;
  const bookedDay = current.start?.slice(0, 10);
  const bookedTime = current.start?.slice(11);
  const when = recognizeDateTime(text, locale, sources.now, sources.timeZone);
  const hour = when || !CHANGE_WORDS.test(fold(text)) ? undefined : Number(BARE_HOUR.exec(text.trim())?.[1] ?? NaN);
  if (when?.hasTime) change.start = when.hasDate || !bookedDay ? when.value : `${bookedDay}T${when.value.slice(11)}`;
  else if (when?.hasDate) change.start = bookedTime ? `${when.value.slice(0, 10)}T${bookedTime}` : undefined;
  else if (hour !== undefined && hour >= 0 && hour <= 23 && bookedDay) change.start = `${bookedDay}T${String(hour).padStart(2, '0')}:00`;
  if (change.start === undefined) delete change.start;
  return Object.keys(change).length > 0 ? change : undefined;
}
