import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { customerKeyFor } from '../../bots/state/stateKeys';
import type { FaqService } from '../faq/faqService';
import { t, type TemplateKey } from '../locales';
import { ChoicePrompt, ConfirmPrompt } from '../prompts';
import type { Order, OrderItem, ReturnService } from './returnService';

export const RETURNS_DIALOG = 'returnsDialog';
const ORDER = 'returns.order';
const PROOF = 'returns.proof';
const CHOICE = 'returns.choice';
const SURE = 'returns.sure';
const MAX_TRIES = 3;
const REASONS = ['fit', 'damaged', 'wrong', 'mind', 'other'] as const;

interface Values {
  tries: number;
  orderNumber?: string;
  order?: Order;
  eligible: OrderItem[];
  items: OrderItem[];
  reason?: string;
  resolution?: 'refund' | 'exchange';
}

/**
 * Returns: order number plus the order's e-mail or postcode (three tries, and a wrong answer never
 * says which half was wrong), eligibility, item, reason, refund or exchange, then an RMA number.
 */
export class ReturnsDialog extends ComponentDialog {
  constructor(
    private readonly returns: ReturnService,
    private readonly faq: FaqService,
    private readonly defaultLocale: Locale,
  ) {
    super(RETURNS_DIALOG);
    this.addDialog(new TextPrompt(ORDER, async (p) => /^#?\d{6}$/.test((p.recognized.value ?? '').trim())));
    this.addDialog(new TextPrompt(PROOF, async (p) => (p.recognized.value ?? '').trim().length >= 3));
    const choice = new ChoicePrompt(CHOICE);
    this.addDialog(choice).addDialog(new ConfirmPrompt(SURE));
    this.addDialog(
      new WaterfallDialog(`${RETURNS_DIALOG}.steps`, [
        this.askOrder.bind(this),
        this.askProof.bind(this),
        this.verify.bind(this),
        this.askReason.bind(this),
        this.askResolution.bind(this),
        this.confirm.bind(this),
        this.create.bind(this),
      ]),
    );
    this.initialDialogId = `${RETURNS_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  private values(step: WaterfallStepContext): Values {
    return step.values as Values;
  }

  private async askOrder(step: WaterfallStepContext<{ tries?: number }>): Promise<DialogTurnResult> {
    this.values(step).tries = step.options?.tries ?? 0;
    const locale = this.locale(step);
    return step.prompt(ORDER, { prompt: t(locale, 'returns.askOrder'), retryPrompt: t(locale, 'returns.orderRetry') });
  }

  private async askProof(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.values(step).orderNumber = (step.result as string).trim().replace(/^#/, '');
    return step.prompt(PROOF, { prompt: t(this.locale(step), 'returns.askProof') });
  }

  private async verify(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const values = this.values(step);
    const order = await this.returns.findOrder(values.orderNumber ?? '', step.result as string);
    if (!order) {
      const tries = values.tries + 1;
      if (tries >= MAX_TRIES) {
        await step.context.sendActivity(t(locale, 'returns.tooManyTries', { contact: this.faq.entry('contact', locale)?.answer ?? '' }));
        return step.endDialog();
      }
      await step.context.sendActivity(t(locale, 'returns.notFound'));
      return step.replaceDialog(this.initialDialogId, { tries });
    }
    values.order = order;
    const { eligible, refused } = await this.returns.eligibility(order);
    values.eligible = eligible;
    if (eligible.length === 0) {
      const lines = refused.map(({ item, why }) => `• ${t(locale, `returns.why.${why}` as TemplateKey, { item: item.names[locale] })}`);
      await step.context.sendActivity([t(locale, 'returns.nothingEligible'), ...lines].join('\n'));
      return step.endDialog();
    }
    if (eligible.length === 1) return step.next({ index: 0 });
    const choices = [...eligible.map((item) => item.names[locale]), t(locale, 'returns.allItems')];
    return step.prompt(CHOICE, { prompt: t(locale, 'returns.askItem'), choices });
  }

  private async askReason(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const index = (step.result as { index: number }).index;
    values.items = index < values.eligible.length ? [values.eligible[index] as OrderItem] : values.eligible;
    const locale = this.locale(step);
    return step.prompt(CHOICE, { prompt: t(locale, 'returns.askReason'), choices: REASONS.map((r) => t(locale, `returns.reasons.${r}`)) });
  }

  private async askResolution(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.values(step).reason = REASONS[(step.result as FoundChoice).index];
    const locale = this.locale(step);
    return step.prompt(CHOICE, { prompt: t(locale, 'returns.askResolution'), choices: [t(locale, 'returns.refund'), t(locale, 'returns.exchange')] });
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    values.resolution = (step.result as FoundChoice).index === 0 ? 'refund' : 'exchange';
    const locale = this.locale(step);
    const items = values.items.map((item) => item.names[locale]).join(', ');
    return step.prompt(SURE, { prompt: t(locale, 'returns.confirm', { items, resolution: t(locale, `returns.${values.resolution}`) }) });
  }

  private async create(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const values = this.values(step);
    if (step.result !== true || !values.order) {
      await step.context.sendActivity(t(locale, 'returns.notCreated'));
      return step.endDialog();
    }
    const created = await this.returns.createReturn(values.order, {
      skus: values.items.map((item) => item.sku),
      reason: values.reason ?? 'other',
      resolution: values.resolution ?? 'refund',
      customerKey: customerKeyFor(step.context),
    });
    await step.context.sendActivity(t(locale, 'returns.created', { rma: created.rma }));
    return step.endDialog(created);
  }
}
