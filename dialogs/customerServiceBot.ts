import { ActivityHandler, type StatePropertyAccessor, type TurnContext, type DialogState } from '../bots/botFramework';
import type { Locale } from '../bots/config';
import { turnLocale } from '../bots/pipeline/locale';
import { StateProperty } from '../bots/state/turnState';
import type { MainDialog } from './mainDialog';
import { nameSuffix, t } from './locales';
import type { HandoverRelay } from './handover/handoverRelay';
import type { JobTurnRunner } from './jobRunner';
import { jobTurnOf, setJobTurnResult } from './jobTurns';

export interface CustomerServiceBotOptions {
  shopName: string;
  defaultLocale: Locale;
  /** Present when agents can take over; routes handed-over conversations past the dialogs. */
  relay?: (dialogState: StatePropertyAccessor<DialogState>) => HandoverRelay;
  /** Runs scheduled jobs' turns (reminders); without it such a turn says nothing. */
  jobs?: (dialogState: StatePropertyAccessor<DialogState>) => JobTurnRunner;
}

/** Conversation-level facts the bot keeps besides the dialog stack. */
export const welcomed = new StateProperty<boolean>('conversation', 'welcomed');
export const dialogState: StatePropertyAccessor<DialogState> = new StateProperty<DialogState>('conversation', 'dialogState');

/**
 * The turn logic every channel runs. State is loaded and saved by the pipeline (bots/pipeline),
 * so this class only decides what to say.
 */
export class CustomerServiceBot extends ActivityHandler {
  constructor(
    private readonly dialog: MainDialog,
    private readonly options: CustomerServiceBotOptions,
  ) {
    super();
    const relay = options.relay?.(dialogState);
    const jobs = options.jobs?.(dialogState);
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      if (!(await relay?.relay(context))) await this.dialog.run(context, dialogState);
      await next();
    });
    this.onEvent(async (context, next) => {
      const job = jobTurnOf(context.turnState);
      if (job) setJobTurnResult(context.turnState, jobs ? await jobs.run(context, job) : { skipped: 'no_job_runner' });
      else await relay?.onEvent(context);
      await next();
    });
  }

  private async welcome(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const customerJoined = (context.activity.membersAdded ?? []).some((member) => member.id !== botId);
    // Clients re-announce members on reconnect; a conversation is greeted once.
    if (!customerJoined || (await welcomed.get(context, false))) return;
    await welcomed.set(context, true);
    const locale = turnLocale(context, this.options.defaultLocale);
    const customer = (context.activity.membersAdded ?? []).find((member) => member.id !== botId);
    await context.sendActivity(t(locale, 'welcome', { shop: this.options.shopName, nameSuffix: nameSuffix(customer?.name) }));
  }
}
