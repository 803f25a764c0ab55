import { recognizeEmail } from '../prompts';
import type { DialogModule } from '../registry';
import { EmailCodes } from './emailCodes';
import { LINK_EMAIL_DIALOG, LinkEmailDialog, type LinkEmailOptions } from './linkEmailDialog';

/** "link my email", "e-mail verknupfen", "polacz moj e-mail": a verb of linking near an e-mail, in any order. */
const ASKS_LINK = /\b(?:link|connect|verify)\b.{0,25}\be-?mail\b|\be-?mail\b.{0,25}\b(?:link|connect|verify)\b|\bverkn(?:ü|ue|u)pf|\bverbinde\b.{0,25}\be-?mail|\be-?mail\b.{0,25}\bbest(?:ä|ae|a)tigen\b|\b(?:po(?:ł|l)(?:ą|a)cz|powi(?:ą|a)(?:ż|z)|zweryfikuj)\b.{0,25}\b(?:e-?mail|adres)/iu;

/**
 * Linking the customer's e-mail address on proof (a mailed code), so their e-mail conversations
 * and this chat are one customer (dialogs/customers).
 */
export const linkingModule: DialogModule = {
  name: 'linking',
  intents: {
    linkEmail: {
      en: ['link my email', 'connect my email address to this chat', 'verify my email address', 'i wrote to you by email, link that to me', 'add my email so you can see my bookings', 'merge my email account with this chat'],
      de: ['meine e-mail verknüpfen', 'verbinde meine e-mail-adresse mit diesem chat', 'e-mail-adresse bestätigen', 'ich habe euch per e-mail geschrieben, verknüpft das mit mir', 'meine e-mail hinzufügen'],
      pl: ['połącz mój e-mail', 'powiąż mój adres e-mail z tym czatem', 'zweryfikuj mój adres e-mail', 'pisałam do was mailem, połączcie to ze mną', 'dodaj mój e-mail'],
    },
  },
  claims: ({ text }) => ASKS_LINK.test(text),
  build: ({ storage, clock, customers, mailer, config }) => [
    new LinkEmailDialog(new EmailCodes(storage, clock), customers, mailer, { shopName: config.env.SHOP_NAME, defaultLocale: config.defaultLocale }),
  ],
  route: ({ text }) => {
    const email = recognizeEmail(text);
    return { dialogId: LINK_EMAIL_DIALOG, options: (email ? { email } : {}) satisfies LinkEmailOptions };
  },
};
