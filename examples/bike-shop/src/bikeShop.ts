import { channelFactories, DIALOG_MODULES, JsonFaqService, StoredBookingService, type BookingCatalog, type StartOptions } from 'switchboard';
import de from './faq/knowledgeBase.de.json';
import en from './faq/knowledgeBase.en.json';
import pl from './faq/knowledgeBase.pl.json';
import { kioskChannel } from './kiosk/kioskChannel';
import repairs from './repairs.json';
import { repairStatusModule } from './repairStatus/module';
import { ListRepairTracker, type Repair } from './repairStatus/repairs';
import workshop from './workshop.json';

/**
 * The bike shop's bot: Switchboard's own dialogs (FAQ, booking, returns, handover) plus the
 * repair-status dialog, answering from the shop's own knowledge base, booking its own workshop's
 * services, on every channel Switchboard has plus the workshop's tablet (KIOSK_KEY enables it).
 */
export function bikeShop(env: NodeJS.ProcessEnv = process.env): StartOptions {
  const tracker = new ListRepairTracker(repairs as Repair[]);
  return {
    modules: [...DIALOG_MODULES, repairStatusModule(tracker)],
    services: ({ config, storage }) => ({
      faq: new JsonFaqService({ en, de, pl }),
      bookings: new StoredBookingService(storage, config.env.TIMEZONE, { catalog: workshop as BookingCatalog }),
    }),
    channels: [...channelFactories, kioskChannel(env.KIOSK_KEY)],
  };
}
