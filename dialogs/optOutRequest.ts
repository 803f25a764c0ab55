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
const EN_NOUN = '(?:messages|offers|promotions|promos|deals|reminders|notifications|updates|alerts|marketing|newsletters?|e ?mails|texts|mails)';
const EN_WHAT = `(?:(?:marketing|promotional|promo|order|stock|appointment|booking|shipping|these|those|such) )?${EN_NOUN}`;
const DE_WHAT = '(?:nachrichten|angebote|werbung|werbemails|werbe e ?mails|erinnerungen|terminerinnerungen|benachrichtigungen|updates|e ?mails|mails|newsletter|hinweise)';
const PL_WHAT = '(?:wiadomosci|ofert|oferty|powiadomien|powiadomienia|przypomnien|przypomnienia|reklam|newslettera|newsletter|maili|e ?maili|smsow|informacji o zamowieniach|subskrypcji|listy mailingowej|mailingu)';
const EN_ABOUT = '(?: (?:about|for|of|on) (?:my |your |the )?(?:orders?|appointments?|bookings?|offers|stock|deals|parcels?))?';
const DE_ABOUT = '(?: (?:zu|uber|ueber|fur|fuer) (?:meiner |meinem |meinen )?(?:bestellung|paket|termin|terminen|angeboten))?';
const ME = '(?: me| us)?';
const LATER = '(?: (?:anymore|any more|again|from you|ever))?';

// Whole requests only, so a question or a request about something else is left to the dialogs.
const OPT_OUT = [
  new RegExp(`^(?:(?:i want|i would like|id like|can i|how do i|how can i|let me|please let me) (?:to )?)?(?:unsubscribe|opt out)(?: me)?(?: (?:from|of) (?:the |your |all |these )?(?:${EN_WHAT}|everything|all|this|these|it|(?:the |your )?(?:mailing )?list))?${LATER}$`, 'u'),
  new RegExp(`^opt me out(?: (?:of|from) (?:the |your |all )?(?:${EN_WHAT}|everything|all))?$`, 'u'),
  new RegExp(`^(?:stop|quit) (?:sending|messaging|texting|emailing|writing to|contacting)${ME}(?: (?:any |these |your |the )?${EN_WHAT}${EN_ABOUT})?${LATER}$`, 'u'),
  new RegExp(`^(?:stop|no more|dont send${ME}|do not send${ME}|i dont want(?: any)?(?: more)?|i do not want(?: any)?(?: more)?) (?:the |any |these |those |your |more |any more )?${EN_WHAT}${EN_ABOUT}${LATER}$`, 'u'),
  new RegExp(`^(?:dont|do not|never) (?:message|text|email|contact|write to)${ME}${LATER}$`, 'u'),
  /^(?:abmelden|abbestellen|austragen|bitte austragen|ich (?:mochte|moechte|will) mich abmelden|wie kann ich mich (?:vom newsletter |von (?:den |allen )?nachrichten )?abmelden|(?:vom|den) newsletter abmelden|ich (?:mochte|moechte|will) (?:mich )?(?:vom newsletter|von (?:den |allen )?nachrichten) abmelden)$/u,
  new RegExp(`^(?:(?:bitte )?keine|ich (?:mochte|moechte|will) keine) (?:[a-z]+ )?${DE_WHAT} mehr${DE_ABOUT}(?: (?:von euch|von ihnen|schicken|senden|bekommen|erhalten))?$`, 'u'),
  new RegExp(`^(?:bitte )?keine ${DE_WHAT} mehr${DE_ABOUT}$`, 'u'),
  new RegExp(`^(?:${DE_WHAT}|newsletter) (?:abbestellen|abmelden|stoppen|ausschalten)$`, 'u'),
  /^(?:nicht mehr anschreiben|(?:bitte )?(?:schreib|schreibt|schreiben sie) mir nicht mehr|(?:hort|hoert|horen sie|hoeren sie) auf mir (?:nachrichten|e ?mails|mails|werbung) zu (?:schicken|senden|schreiben))$/u,
  // "wypisz mi fakturę" is "make out an invoice": only "wypisz (mnie)" alone or "… z <a list>".
  new RegExp(`^(?:wypisz|wypiszcie)(?: mnie)?(?: z (?:listy|newslettera|${PL_WHAT}(?: o [a-z]+)?))?$`, 'u'),
  new RegExp(`^(?:chce|chcialbym|chcialabym) sie wypisac(?: z (?:listy|newslettera|${PL_WHAT}))?$`, 'u'),
  new RegExp(`^jak sie wypisac(?: z (?:listy|newslettera|${PL_WHAT}))?$`, 'u'),
  new RegExp(`^(?:nie (?:wysylaj|wysylajcie|przysylaj|przysylajcie)(?: mi)?(?: wiecej| juz)?|nie chce(?: juz)?(?: wiecej)?(?: zadnych)?|rezygnuje z|stop|koniec z|wylacz|wylaczcie) ${PL_WHAT}(?: o [a-z]+)?$`, 'u'),
  /^(?:przestan|przestancie) (?:do mnie pisac|pisac do mnie|wysylac (?:mi )?(?:wiadomosci|oferty|powiadomienia))$/u,
  /^nie (?:pisz|piszcie) (?:do mnie|mi)(?: (?:wiecej|juz))?$/u,
];

const OPT_IN = [
  new RegExp(`^(?:subscribe|resubscribe|opt (?:back )?in)(?: me)?(?: again)?(?: (?:to|for) (?:the )?${EN_WHAT})?(?: again)?$`, 'u'),
  new RegExp(`^(?:start|resume) (?:sending(?: me)?(?: the)? )?${EN_WHAT}(?: again)?$`, 'u'),
  new RegExp(`^(?:(?:actually )?(?:i changed my mind )?)?(?:send me|you can send me) (?:the )?${EN_WHAT} again$`, 'u'),
  new RegExp(`^(?:you can (?:message|text|email|write to) me again|turn (?:the )?${EN_WHAT} back on|i want (?:the )?${EN_WHAT} again)$`, 'u'),
  new RegExp(`^(?:wieder anmelden|(?:${DE_WHAT}) wieder(?: (?:erhalten|bekommen|senden|einschalten|anmelden))?|ich (?:mochte|moechte|will) (?:doch )?(?:wieder )?(?:${DE_WHAT}) (?:wieder )?(?:bekommen|erhalten))$`, 'u'),
  new RegExp(`^(?:zapisz(?: mnie)?(?: ponownie)?|wlacz(?: ponownie)? ${PL_WHAT}(?: ponownie)?|chce (?:znowu|ponownie) dostawac ${PL_WHAT})$`, 'u'),
];

const TOPIC_WORDS: [RegExp, MessageTopic][] = [
  [/remind|erinner|przypomn|termin|appointment|booking|wizyt/u, 'reminders'],
  [/offer|promo|marketing|newsletter|deal|stock|cart|angebot|werbe|werbung|warenkorb|ofert|reklam|koszyk|mailing/u, 'marketing'],
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
