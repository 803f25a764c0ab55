import type { MessageTopic } from './optOuts';

/** A customer asking the bot to stop (or start again) writing to them first. */
/** Without a topic: the one the customer is answering (the last unasked message), or all. */
export type OptOutRequest = { kind: 'optOut' | 'optIn'; topic?: MessageTopic };

/** Lower case, no diacritics, apostrophes or hyphens, no punctuation: "Don't!" and "dont" are one request. */
function plain(text: string): string {
  return text
    .toLowerCase()
    .replace(/ł/gu, 'l')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’`]/gu, '')
    .replace(/[-!?.,;:]+/gu, ' ')
    .replace(/\b(?:please|pls|bitte|prosze|thanks|thank you|danke|dzieki|dziekuje)\b/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

// What the bot sends unasked, by name: an opt-out names one of these (or nothing), never a parcel,
// an invoice or an appointment ("stop sending the parcel to my old address" is not an opt-out).
const EN_WHAT = '(?:messages|offers|promotions|promos|deals|reminders|notifications|updates|alerts|marketing|newsletters?|e ?mails|texts|order updates|stock alerts|appointment reminders)';
const DE_WHAT = '(?:nachrichten|angebote|werbung|erinnerungen|terminerinnerungen|benachrichtigungen|updates|e ?mails|mails|newsletter|hinweise)';
const PL_WHAT = '(?:wiadomosci|ofert|oferty|powiadomien|powiadomienia|przypomnien|przypomnienia|reklam|newslettera|newsletter|maili|e ?maili|smsow|informacji o zamowieniach)';
const EN_ABOUT = `(?: (?:about|for|of) (?:my |your |the )?(?:orders?|appointments?|bookings?|offers|stock|deals))?`;

// Whole requests only, so a question or a request about something else is left to the dialogs.
const OPT_OUT = [
  new RegExp(`^(?:unsubscribe|opt out)(?: me)?(?: (?:from|of) (?:the |your |all |everything)?(?:${EN_WHAT.slice(3, -1)}|everything|all|this|these|it|list))?$`, 'u'),
  new RegExp(`^(?:stop|quit) (?:sending|messaging|texting|emailing|writing to)(?: me)?(?: (?:any |these |your |the )?${EN_WHAT}${EN_ABOUT})?$`, 'u'),
  new RegExp(`^(?:stop|no more|dont send(?: me)?|do not send(?: me)?|i dont want(?: any)?(?: more)?) (?:the |any |these |those |your |more |any more )?(?:[a-z]+ )?${EN_WHAT}${EN_ABOUT}(?: (?:anymore|any more|from you))?$`, 'u'),
  /^(?:abmelden|abbestellen|austragen|ich (?:mochte|moechte|will) mich abmelden|bitte austragen)$/u,
  new RegExp(`^(?:(?:bitte )?keine|ich (?:mochte|moechte|will) keine) (?:[a-z]+ )?${DE_WHAT} mehr(?: (?:von euch|von ihnen|schicken|senden|bekommen|erhalten))?$`, 'u'),
  new RegExp(`^(?:${DE_WHAT}|newsletter) (?:abbestellen|abmelden|stoppen|ausschalten)$`, 'u'),
  /^(?:nicht mehr anschreiben|schreib(?:en sie)? mir nicht mehr)$/u,
  // "wypisz mi fakturę" is "make out an invoice": only "wypisz (mnie)" alone or "… z <a list>".
  new RegExp(`^wypisz(?: mnie)?(?: z (?:listy|newslettera|${PL_WHAT}(?: o [a-z]+)?))?$`, 'u'),
  new RegExp(`^(?:nie (?:wysylaj|wysylajcie|przysylaj|przysylajcie)(?: mi)?(?: wiecej| juz)?|nie chce(?: juz)?(?: wiecej)?|rezygnuje z|stop|koniec z|wylacz|wylaczcie) ${PL_WHAT}(?: o [a-z]+)?$`, 'u'),
];

const OPT_IN = [
  new RegExp(`^(?:subscribe|resubscribe|opt (?:back )?in)(?: me)?(?: again)?(?: (?:to|for) (?:the )?${EN_WHAT})?(?: again)?$`, 'u'),
  new RegExp(`^(?:start|resume) (?:sending(?: me)?(?: the)? )?${EN_WHAT}(?: again)?$`, 'u'),
  new RegExp(`^send me (?:the )?${EN_WHAT} again$`, 'u'),
  new RegExp(`^(?:wieder anmelden|(?:${DE_WHAT}) wieder(?: (?:erhalten|bekommen|senden|einschalten|anmelden))?)$`, 'u'),
  new RegExp(`^(?:zapisz(?: mnie)?(?: ponownie)?|wlacz(?: ponownie)? ${PL_WHAT}(?: ponownie)?)$`, 'u'),
];

const TOPIC_WORDS: [RegExp, MessageTopic][] = [
  [/remind|erinner|przypomn|termin|appointment|booking|wizyt/u, 'reminders'],
  [/offer|promo|marketing|newsletter|deal|stock|cart|angebot|werbung|warenkorb|ofert|reklam|koszyk/u, 'marketing'],
  [/order|shipping|deliver|parcel|bestell|liefer|versand|sendung|paket|zamowien|przesylk|dostaw|paczk/u, 'orders'],
];

const topicIn = (said: string): MessageTopic | undefined => TOPIC_WORDS.find(([words]) => words.test(said))?.[1];

/** What the message asks about the bot's own messages, or undefined when it asks something else. */
export function optOutRequest(text: string): OptOutRequest | undefined {
  const said = plain(text);
  const kind = OPT_IN.some((pattern) => pattern.test(said)) ? 'optIn' : OPT_OUT.some((pattern) => pattern.test(said)) ? 'optOut' : undefined;
  if (!kind) return undefined;
  const topic = topicIn(said);
  return topic ? { kind, topic } : { kind };
}

/** "stop" on its own: a cancel, except right after a message the bot sent unasked, where it is the way out. */
export function isBareStop(text: string): boolean {
  return ['stop', 'stopp', 'stop it'].includes(plain(text));
}
