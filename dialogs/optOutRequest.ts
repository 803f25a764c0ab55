import type { MessageTopic } from './optOuts';

/** A customer asking the bot to stop (or start again) writing to them first. */
export type OptOutRequest = { kind: 'optOut'; topic?: MessageTopic } | { kind: 'optIn' };

/** Lower case, no diacritics, no closing punctuation: "Wypisz mnie!" and "wypisz mnie" are one request. */
function plain(text: string): string {
  return text
    .toLowerCase()
    .replace(/ł/gu, 'l')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[!?.,;:]+/gu, ' ')
    .replace(/\b(?:please|bitte|prosze)\b/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

// Whole requests, not words inside other sentences: "stop the booking" is a cancel, "can i still
// unsubscribe from the newsletter?" is a question for the FAQ as much as a request.
const OPT_OUT = [
  /^(?:unsubscribe|opt out)(?: me)?(?: from .+)?$/u,
  /^(?:stop|quit) (?:sending|messaging|texting|writing to)(?: me)?(?: .+)?$/u,
  /^(?:stop|no more|dont send(?: me)?|do not send(?: me)?) (?:the |any |these |those |your )?(?:[a-z]+ )?(?:messages|offers|promotions|reminders|notifications|updates|alerts|marketing|newsletters?|emails?)(?: .+)?$/u,
  /^(?:abmelden|abbestellen|austragen)(?: .+)?$/u,
  /^(?:keine|bitte keine) (?:nachrichten|angebote|werbung|erinnerungen|benachrichtigungen|updates|e-?mails) mehr(?: .+)?$/u,
  /^(?:nachrichten|angebote|werbung|erinnerungen|benachrichtigungen|newsletter) (?:abbestellen|abmelden|stoppen)$/u,
  /^(?:nicht mehr anschreiben|schreib(?:en sie)? mir nicht mehr)(?: .+)?$/u,
  // "wypisz mi fakturę" is "make out an invoice": only "wypisz (mnie)" alone or "… z …" (from).
  /^wypisz(?: mnie)?(?: z .+)?$/u,
  /^(?:nie (?:wysylaj|wysylajcie|przysylaj|przysylajcie)(?: mi)?(?: wiecej| juz)?) .+$/u,
  /^(?:rezygnuje z|stop|koniec|wylacz|wylaczcie) (?:powiadomien|powiadomienia|przypomnien|przypomnienia|ofert|oferty|wiadomosci|reklam|newslettera)(?: .+)?$/u,
];

const OPT_IN = [
  /^(?:subscribe|resubscribe|opt (?:back )?in)(?: again)?(?: to .+)?$/u,
  /^(?:start|resume) (?:sending|the messages|messages|reminders|offers|notifications|updates)(?: again)?(?: .+)?$/u,
  /^(?:send me (?:offers|reminders|updates|messages) again)$/u,
  /^(?:wieder anmelden|nachrichten wieder (?:erhalten|bekommen|senden)|erinnerungen wieder(?: .+)?)$/u,
  /^(?:zapisz(?: mnie)?(?: ponownie)?|wlacz (?:powiadomienia|przypomnienia|oferty)(?: ponownie)?)$/u,
];

const TOPIC_WORDS: [RegExp, MessageTopic][] = [
  [/remind|erinner|przypomn|termin|appointment|wizyt/u, 'reminders'],
  [/offer|promo|marketing|newsletter|deal|stock|cart|angebot|werbung|warenkorb|ofert|reklam|koszyk/u, 'marketing'],
  [/order|shipping|deliver|parcel|bestell|liefer|versand|sendung|paket|zamowien|przesylk|dostaw|paczk/u, 'orders'],
];

/** What the message asks about the bot's own messages, or undefined when it asks something else. */
export function optOutRequest(text: string): OptOutRequest | undefined {
  const said = plain(text);
  if (OPT_IN.some((pattern) => pattern.test(said))) return { kind: 'optIn' };
  if (!OPT_OUT.some((pattern) => pattern.test(said))) return undefined;
  const topic = TOPIC_WORDS.find(([words]) => words.test(said))?.[1];
  return topic ? { kind: 'optOut', topic } : { kind: 'optOut' };
}

/** "stop" on its own: a cancel, except right after a message the bot sent unasked, where it is the way out. */
export function isBareStop(text: string): boolean {
  return ['stop', 'stopp', 'stop it'].includes(plain(text));
}
