import type { Locale } from '../../bots/config';

/**
 * Within the booking intent, whether the customer wants a new appointment or to see, cancel or
 * move existing ones. The NLU model knows "booking"; these words pick the task inside it.
 */
const EXISTING: Record<Locale, RegExp> = {
  en: /\b(my (bookings?|appointments?)|cancel (my|the) (booking|appointment)|(move|reschedule|change) (my|the) (booking|appointment)|when is my appointment)\b/i,
  de: /\b(meine[nm]? (termine?|buchung(en)?)|termin (absagen|verschieben|umbuchen|stornieren|ändern)|wann ist mein termin)\b/i,
  pl: /(moje (wizyty|rezerwacje)|moj[aą] wizyt[aęy]|odwo[lł]aj|prze[lł][oó][zż]|zmie[nń] termin|kiedy mam wizyt)/i,
};

export function wantsExistingBookings(text: string, locale: Locale): boolean {
  return EXISTING[locale].test(text);
}
