import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import type { MailerSlot } from '../../bots/directMail';
import type { Logger } from '../../bots/logger';
import { turnLocale } from '../../bots/pipeline/locale';
import { customerKeyFor } from '../../bots/state/stateKeys';
import type { CustomerDirectory } from '../customers/customerDirectory';
import { t } from '../locales';
import { EmailPrompt } from '../prompts';
import type { EmailCodes } from './emailCodes';
import './texts';

export const LINK_EMAIL_DIALOG = 'linkEmail';
const CODE_LOOP = `${LINK_EMAIL_DIALOG}.code`;
const ASK_EMAIL = `${LINK_EMAIL_DIALOG}.askEmail`;
const ASK_CODE = `${LINK_EMAIL_DIALOG}.askCode`;

export interface LinkEmailOptions {
  /** The address, when the request named it ("link anna@example.com"). */
  email?: string;
}

interface CodeLoopOptions {
  email: string;
  /** Why the code is asked again: a wrong one, or something that was no code at all. */
  again?: 'wrongCode' | 'codeOnly';
}

/** Six digits, also typed with a space or dash in the middle ("481 516"). */
const typedCode = (text: string) => /(?<!\d)(\d{3})[\s-]?(\d{3})(?!\d)/.exec(text);

/**
 * Links an e-mail address to the customer on proof: a one-time code is mailed to it from the
 * e-mail channel and typed back here. Until then the address is only something typed: it links
 * nothing and shows nothing. When the address already belongs to the customer's e-mail
 * conversations, the two records become one (dialogs/customers merge).
 */
export class LinkEmailDialog extends ComponentDialog {
  constructor(
    private readonly codes: EmailCodes,
    private readonly customers: CustomerDirectory,
    private readonly mailer: MailerSlot,
    private readonly deps: { shopName: string; defaultLocale: Locale; logger?: Logger },
  ) {
    super(LINK_EMAIL_DIALOG);
    this.addDialog(new EmailPrompt(ASK_EMAIL)).addDialog(new TextPrompt(ASK_CODE));
    this.addDialog(new WaterfallDialog(`${LINK_EMAIL_DIALOG}.steps`, [this.askAddress.bind(this), this.sendCode.bind(this)]));
    this.addDialog(new WaterfallDialog(CODE_LOOP, [this.askCode.bind(this), this.checkCode.bind(this)]));
    this.initialDialogId = `${LINK_EMAIL_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.deps.defaultLocale);
  }

  private async askAddress(step: WaterfallStepContext<LinkEmailOptions>): Promise<DialogTurnResult> {
    if (!this.mailer.available) {
      await step.context.sendActivity(t(this.locale(step), 'linking.unavailable'));
      return step.endDialog();
    }
    if (step.options.email) return step.next(step.options.email);
    return step.prompt(ASK_EMAIL, { prompt: t(this.locale(step), 'linking.askEmail') });
  }

  private async sendCode(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const email = String(step.result);
    const issued = await this.codes.issue(customerKeyFor(step.context), email);
    if ('refused' in issued) {
      await step.context.sendActivity(t(locale, 'linking.tooManySends'));
      return step.endDialog();
    }
    try {
      await this.mailer.send({ to: email, subject: t(locale, 'linking.mailSubject', { code: issued.code }), text: t(locale, 'linking.mailText', { code: issued.code, shop: this.deps.shopName }) });
    } catch (err) {
      this.deps.logger?.warn({ err }, 'linking: the code mail could not be sent');
      await step.context.sendActivity(t(locale, 'linking.sendFailed'));
      return step.endDialog();
    }
    return step.beginDialog(CODE_LOOP, { email } satisfies CodeLoopOptions);
  }

  private async askCode(step: WaterfallStepContext<CodeLoopOptions>): Promise<DialogTurnResult> {
    const { email, again } = step.options;
    return step.prompt(ASK_CODE, { prompt: t(this.locale(step), again ? `linking.${again}` : 'linking.askCode', { address: email }) });
  }

  private async checkCode(step: WaterfallStepContext<CodeLoopOptions>): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const digits = typedCode(String(step.result));
    // "i haven't got it yet" is no try at the code.
    if (!digits) return step.replaceDialog(CODE_LOOP, { email: step.options.email, again: 'codeOnly' } satisfies CodeLoopOptions);
    const identity = customerKeyFor(step.context);
    const checked = await this.codes.check(identity, `${digits[1]}${digits[2]}`);
    if ('refused' in checked) {
      if (checked.refused === 'wrong') return step.replaceDialog(CODE_LOOP, { email: step.options.email, again: 'wrongCode' } satisfies CodeLoopOptions);
      await step.context.sendActivity(t(locale, checked.refused === 'expired' ? 'linking.expired' : 'linking.tooManyTries'));
      return step.endDialog();
    }
    const before = await this.customers.linkedIdentities(identity);
    const after = await this.customers.verified(identity, 'email', checked.verified, 'email-code');
    const more = after.identities.length > before.length;
    await step.context.sendActivity(t(locale, more ? 'linking.linkedMore' : 'linking.linked', { address: checked.verified }));
    return step.endDialog();
  }
}
