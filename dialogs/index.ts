import type { Config } from '../bots/config';
import { JsonFaqService, type FaqService } from './faq/faqService';
import { MainDialog } from './mainDialog';
import { KeywordRecognizer } from './nlu/keywordRecognizer';
import { NluRecognizer } from './nlu/recognizer';

export interface Dialogs {
  mainDialog: MainDialog;
  nlu: NluRecognizer;
}

/** The dialogs with their services; a shop passes its own FaqService to use its own answers. */
export function createDialogs(config: Config, faq: FaqService = new JsonFaqService()): Dialogs {
  const nlu = new NluRecognizer(faq, config.supportedLocales, config.defaultLocale);
  const mainDialog = new MainDialog({
    commands: new KeywordRecognizer(),
    understanding: nlu,
    faq,
    supportedLocales: config.supportedLocales,
    defaultLocale: config.defaultLocale,
  });
  return { mainDialog, nlu };
}
