import { ComponentDialog, ListStyle, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import type { JobScheduling } from '../../bots/scheduler';
import { turnLocale } from '../../bots/pipeline/locale';
import { customerKeyFor } from '../../bots/state/stateKeys';
import type { ManagedStorage } from '../../bots/state/types';
import type { CustomerDirectory } from '../customers/customerDirectory';
import { t } from '../locales';
import { ConfirmPrompt, provenYes } from '../prompts';
import { requestErasure } from './erasureRequests';
import './texts';

export const ERASE_DIALOG = 'privacyErase';
const CONFIRM = `${ERASE_DIALOG}.confirm`;

/**
 * "Delete my data": says what will go (this conversation, or every channel proven to be the same
 * person), asks once, and files the erase. Only identities linked on proof are in scope, so
 * typing someone's address here can never erase, or reveal, anything of theirs.
 */
export class EraseDialog extends ComponentDialog {
  constructor(
    private readonly storage: ManagedStorage,
    private readonly customers: CustomerDirectory,
    /** Undefined where no jobs run (scripted conversations): the customer is sent to the privacy address. */
    private readonly scheduler: JobScheduling | undefined,
    private readonly defaultLocale: Locale,
  ) {
    super(ERASE_DIALOG);
    // Irreversible, and beyond this message: only a proven sender's yes carries it out.
    const confirm = new ConfirmPrompt(CONFIRM, provenYes());
    confirm.style = ListStyle.suggestedAction;
    this.addDialog(confirm);
    this.addDialog(new WaterfallDialog(`${ERASE_DIALOG}.steps`, [this.ask.bind(this), this.carryOut.bind(this)]));
    this.initialDialogId = `${ERASE_DIALOG}.steps`;
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = turnLocale(step.context, this.defaultLocale);
    if (!this.scheduler) {
      await step.context.sendActivity(t(locale, 'privacy.unavailable'));
      return step.endDialog();
    }
    const linked = await this.customers.erasureScope(customerKeyFor(step.context));
    return step.prompt(CONFIRM, { prompt: t(locale, linked.length > 1 ? 'privacy.askConfirmLinked' : 'privacy.askConfirmHere'), retryPrompt: t(locale, 'privacy.retry') });
  }

  private async carryOut(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = turnLocale(step.context, this.defaultLocale);
    if (step.result !== true) {
      await step.context.sendActivity(t(locale, 'privacy.kept'));
      return step.endDialog();
    }
    if (this.scheduler) await requestErasure(this.storage, this.scheduler, customerKeyFor(step.context));
    await step.context.sendActivity(t(locale, 'privacy.scheduled'));
    return step.endDialog();
  }
}
