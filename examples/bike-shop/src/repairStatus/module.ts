import type { DialogModule } from 'switchboard';
import examples from './examples.json';
import { REPAIR_STATUS_DIALOG, repairStatusDialogs, type RepairStatusStart } from './repairStatusDialog';
import { ticketIn, type RepairTracker } from './repairs';

/** The whole registration of the dialog folder: `modules: [...DIALOG_MODULES, repairStatusModule(tracker)]`. */
export function repairStatusModule(tracker: RepairTracker): DialogModule {
  return {
    name: 'repairs',
    intents: examples,
    build: () => repairStatusDialogs(tracker),
    route: ({ text }): { dialogId: string; options: RepairStatusStart } => {
      const ticket = ticketIn(text);
      return { dialogId: REPAIR_STATUS_DIALOG, options: ticket ? { ticket } : {} };
    },
    menuEntry: 'repairs.menu',
    helpEntry: 'repairs.help',
  };
}
