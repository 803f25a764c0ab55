import { DIALOG_MODULES, JsonFaqService, type StartOptions } from 'switchboard';
import de from './faq/knowledgeBase.de.json';
import en from './faq/knowledgeBase.en.json';
import pl from './faq/knowledgeBase.pl.json';
import repairs from './repairs.json';
import { repairStatusModule } from './repairStatus/module';
import { ListRepairTracker, type Repair } from './repairStatus/repairs';

/**
 * The bike shop's bot: Switchboard's own dialogs (FAQ, booking, returns, handover) plus the
 * repair-status dialog, answering from the shop's own knowledge base and workshop.
 */
export function bikeShop(): StartOptions {
  const tracker = new ListRepairTracker(repairs as Repair[]);
  return {
    modules: [...DIALOG_MODULES, repairStatusModule(tracker)],
    services: { faq: new JsonFaqService({ en, de, pl }) },
  };
}
