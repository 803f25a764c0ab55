import { findEmail, findPhone, recognizeEmail, recognizePhone, DEFAULT_PHONE_COUNTRY } from './contact';
import { findDateTime, recognizeDateTime, type RecognizedDateTime } from './dateTimeResolve';
import { findNumber, recognizeNumber } from './numbers';
import { blank, type PromptLocale, type Span } from './text';
import { recognizeYesNo } from './yesNo';

export { recognizeDateTime, recognizeNumber, recognizeEmail, recognizePhone, recognizeYesNo, DEFAULT_PHONE_COUNTRY };
export type { PromptLocale, RecognizedDateTime };

/** What the `nlu` command reports next to the intent (see design.md, "--now"). */
export interface Entities {
  /** Wall-clock `YYYY-MM-DDTHH:mm` in the time zone asked for; 00:00 when only a day was named. */
  datetime: string | null;
  number: number | null;
  /** As typed. */
  email: string | null;
  /** E.164, e.g. "+4930123456". */
  phone: string | null;
}

/**
 * Every entity in one message. Each recogniser sees the text with what the earlier ones took
 * blanked out, so the 10 in "morgen um 10" or the digits of a phone number are not also reported
 * as the quantity; the order (e-mail, phone, date/time, number) goes from the most to the least
 * specific shape.
 */
export async function recognizeEntities(text: string, locale: PromptLocale, now: Date, timeZone: string): Promise<Entities> {
  const taken: Span[] = [];
  const email = findEmail(text);
  if (email) taken.push(email);
  const phone = findPhone(blank(text, taken), locale);
  if (phone) taken.push(phone);
  const datetime = findDateTime(blank(text, taken), locale, now, timeZone);
  if (datetime) taken.push(datetime);
  const number = findNumber(blank(text, taken), locale);
  return {
    datetime: datetime?.value ?? null,
    number: number?.value ?? null,
    email: email?.value ?? null,
    phone: phone?.value ?? null,
  };
}
