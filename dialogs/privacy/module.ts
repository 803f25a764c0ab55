import type { DialogModule } from '../registry';
import { ERASE_DIALOG, EraseDialog } from './eraseDialog';

/** "delete my data" in the words customers use, with or without diacritics; nothing else takes them. */
const ASKS_ERASURE = /\b(?:delete|erase|remove|wipe)\b.{0,20}\b(?:my|all)\b.{0,20}\b(?:data|account|details|information)\b|\bforget (?:about )?me\b|\b(?:meine|alle)\b.{0,20}\bdaten\b.{0,20}\bl(?:ö|oe|o)schen\b|^\s*daten l(?:ö|oe|o)schen|\bl(?:ö|oe|o)sch(?:t|en sie)\b.{0,20}\b(?:meine daten|alles über mich|alles ueber mich)|\bvergesst mich\b|\b(?:usu[nń]|skasuj|wykasuj)(?:cie)?\b.{0,20}\b(?:moje|wszystkie)\b.{0,20}\bdane\b|\bzapomnijcie o mnie\b/iu;

/**
 * A customer's own erase request in the chat (GDPR Art. 17): confirmed, then carried out by a
 * job (dialogs/privacy/erasureRequests.ts) once the confirmation has reached them.
 */
export const privacyModule: DialogModule = {
  name: 'privacy',
  intents: {
    privacyErase: {
      en: ['delete my data', 'please delete all my data', 'remove my account and data', 'erase everything you have about me', 'i want my personal data deleted', 'forget me', 'wipe my details', 'remove all my information from your system', 'delete my personal details'],
      de: ['meine daten löschen', 'bitte alle meine daten löschen', 'konto und daten löschen', 'löscht alles über mich', 'ich möchte meine daten löschen lassen', 'vergesst mich'],
      pl: ['usuń moje dane', 'usuń wszystkie moje dane', 'usunięcie konta i danych', 'skasujcie moje dane', 'chcę usunąć swoje dane', 'zapomnijcie o mnie'],
    },
  },
  claims: ({ text }) => ASKS_ERASURE.test(text),
  build: ({ storage, customers, scheduler, config }) => [new EraseDialog(storage, customers, scheduler, config.defaultLocale)],
  route: () => ({ dialogId: ERASE_DIALOG }),
};
