import type { DialogTurnResult, WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import type { FaqService } from '../faq/faqService';
import { t, type TemplateKey } from '../locales';

/** Lookups of one order (number plus e-mail or postcode) before a person is offered instead. */
export const MAX_ORDER_TRIES = 3;

export interface MissedOrder {
  /** Failed lookups so far, this one included. */
  tries: number;
  locale: Locale;
  faq: FaqService;
  /** The dialog's own words: "not found, try again" and "still not found, here is the contact". */
  notFound: TemplateKey;
  tooManyTries: TemplateKey;
  /** The dialog's steps, started again with `restart`: what the customer said besides the order. */
  dialogId: string;
  restart: object;
}

/**
 * After a lookup that found nothing (returns, tracking): says so without saying which half was
 * wrong and asks for the order again, or after the last try gives the shop's contact and ends.
 */
export async function missedOrder(step: WaterfallStepContext, missed: MissedOrder): Promise<DialogTurnResult> {
  if (missed.tries >= MAX_ORDER_TRIES) {
    await step.context.sendActivity(t(missed.locale, missed.tooManyTries, { contact: missed.faq.entry('contact', missed.locale)?.answer ?? '' }));
    return step.endDialog();
  }
  await step.context.sendActivity(t(missed.locale, missed.notFound));
  return step.replaceDialog(missed.dialogId, missed.restart);
}
