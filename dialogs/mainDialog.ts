import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Locale } from '../bots/config';
import { turnLocale } from '../bots/pipeline/locale';
import type { IntentRecognizer } from './nlu/intents';
import { t } from './locales';

const ROUTE = 'mainDialog.route';

export interface MainDialogOptions {
  recognizer: IntentRecognizer;
  defaultLocale: Locale;
}

/**
 * The root of every conversation: understands what the customer wants and routes it. Global
 * commands (cancel, help) interrupt whatever dialog is running.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly options: MainDialogOptions) {
    super('mainDialog');
    this.addDialog(new WaterfallDialog(ROUTE, [this.routeStep.bind(this)]));
    this.initialDialogId = ROUTE;
  }

  /** Continues the active dialog, or starts this one when none is active. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interruption = await this.interrupt(innerDc);
    return interruption ?? super.onContinueDialog(innerDc);
  }

  private locale(context: TurnContext): Locale {
    return turnLocale(context, this.options.defaultLocale);
  }

  /** Handles cancel and help wherever the customer is; undefined when the message is no command. */
  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const text = innerDc.context.activity.text;
    if (!text) return undefined;
    const locale = this.locale(innerDc.context);
    const { intent } = await this.options.recognizer.recognize(text, locale);
    if (intent === 'cancel') {
      await innerDc.context.sendActivity(t(locale, 'cancel.done'));
      return innerDc.cancelAllDialogs();
    }
    if (intent === 'help') {
      await innerDc.context.sendActivity(t(locale, 'help'));
      return { status: DialogTurnStatus.waiting };
    }
    return undefined;
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const locale = this.locale(context);
    const text = context.activity.text ?? '';
    const { intent } = await this.options.recognizer.recognize(text, locale);
    switch (intent) {
      case 'greeting':
        await context.sendActivity(t(locale, 'greeting', { nameSuffix: '' }));
        break;
      case 'help':
        await context.sendActivity(t(locale, 'help'));
        break;
      case 'cancel':
        await context.sendActivity(t(locale, 'cancel.nothing'));
        break;
      default:
        await context.sendActivity(t(locale, 'fallback.notUnderstood'));
    }
    return step.endDialog();
  }
}
