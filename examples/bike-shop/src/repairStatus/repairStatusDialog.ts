import { registerTexts, TextPrompt, turnLocale, WaterfallDialog, type Dialog, type DialogTurnResult, type Locale, type WaterfallStepContext } from 'switchboard';
import { ticketIn, type Repair, type RepairTracker } from './repairs';
import de from './texts.de.json';
import en from './texts.en.json';
import pl from './texts.pl.json';

/** The folder's texts, by their own keys: say(locale, 'askTicket'). */
export const say = registerTexts('repairs', { en, de, pl });

export const REPAIR_STATUS_DIALOG = 'repairStatus';
const TICKET_PROMPT = 'repairStatus.ticket';

/** What the first message already said ("is my bike ready? R-1042"). */
export interface RepairStatusStart {
  ticket?: string;
}

function describe(repair: Repair, locale: Locale): string {
  const day = repair.readyOn ? new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${repair.readyOn}T12:00:00Z`)) : '';
  const price = repair.priceEur === undefined ? '' : new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(repair.priceEur);
  return say(locale, `stage.${repair.stage}`, { bike: repair.bike, ticket: repair.ticket, readyOn: day, price });
}

/** Asks for the ticket number unless the customer gave it, and says where the bike is. */
export function repairStatusDialogs(tracker: RepairTracker): Dialog[] {
  const steps = [
    async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const given = (step.options as RepairStatusStart | undefined)?.ticket;
      if (given) return step.next(given);
      const locale = turnLocale(step.context, 'en');
      return step.prompt(TICKET_PROMPT, { prompt: say(locale, 'askTicket'), retryPrompt: say(locale, 'retryTicket') });
    },
    async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const locale = turnLocale(step.context, 'en');
      const ticket = ticketIn(String(step.result)) ?? String(step.result);
      const repair = await tracker.find(ticket);
      await step.context.sendActivity(repair ? describe(repair, locale) : say(locale, 'notFound', { ticket }));
      return step.endDialog();
    },
  ];
  return [new WaterfallDialog(REPAIR_STATUS_DIALOG, steps), new TextPrompt(TICKET_PROMPT, async (prompt) => ticketIn(prompt.recognized.value ?? '') !== undefined)];
}
