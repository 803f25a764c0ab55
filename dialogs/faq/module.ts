import type { DialogModule } from '../registry';
import { FAQ_DIALOG, FaqDialog } from './faqDialog';

/** Below this an FAQ match is offered as a choice instead of answered outright. */
export const FAQ_CONFIDENCE = 0.75;

/**
 * Questions answered from the knowledge base. Its intent's examples are the knowledge base's own
 * titles and paraphrases (each topic is trained as `faq.<topic>`), so a shop's FAQ service
 * brings its topics with it.
 */
export const faqModule: DialogModule = {
  name: 'faq',
  intents: { faq: {} },
  build: ({ faq, config }) => [new FaqDialog(faq, config.defaultLocale)],
  route: ({ understood }) => {
    const candidates = understood.topFaq.map((c) => c.topic);
    const topic = understood.faq && understood.score >= FAQ_CONFIDENCE ? understood.faq : undefined;
    return { dialogId: FAQ_DIALOG, options: topic ? { topic } : { candidates } };
  },
  menuEntry: 'menu.question',
  helpEntry: 'faq.help',
};
