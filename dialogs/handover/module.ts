import type { DialogModule } from '../registry';
import { BusinessHours } from './businessHours';
import examples from './examples.json';
import { HANDOVER_DIALOG, HandoverDialog, type HandoverOptions } from './handoverDialog';
import { RatingDialog } from './ratingDialog';

/** A person from the team takes over; without agents (INBOX_AGENTS) it builds nothing. */
export const handoverModule: DialogModule = {
  name: 'handover',
  intents: examples,
  build: ({ handoverQueue, config, clock }) =>
    handoverQueue
      ? [
          new HandoverDialog({
            queue: handoverQueue,
            hours: new BusinessHours(config.env.BUSINESS_HOURS, config.env.TIMEZONE),
            hoursText: config.env.BUSINESS_HOURS,
            claimTimeoutMinutes: config.env.HANDOVER_CLAIM_TIMEOUT_MINUTES,
            defaultLocale: config.defaultLocale,
            clock,
          }),
          new RatingDialog(handoverQueue, config.defaultLocale),
        ]
      : [],
  route: () => ({ dialogId: HANDOVER_DIALOG, options: {} satisfies HandoverOptions }),
  menuEntry: 'menu.person',
};
