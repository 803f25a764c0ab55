import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { customerKeyFor } from '../../bots/state/stateKeys';
import { proofKind, type EventFollowers } from '../eventFollowers';
import type { FaqService } from '../faq/faqService';
import { t, type TemplateKey } from '../locales';
import { ChoicePrompt, ConfirmPrompt, findMention, type ChoiceOption } from '../prompts';
import { missedOrder } from './orderCheck';
import { allItemsOption, orderNumberIn, readReturnSlots, reasonOptions, REASONS, RESOLUTIONS, resolutionOptions, type ReturnSlots } from './returnRequest';
import type { SlotTaking } from '../slotTaking';
import { ReturnRefusedError, type Order, type OrderItem, type ReturnRequest, type ReturnService } from './returnService';
import './texts';

export const RETURNS_DIALOG = 'returnsDialog';
const ORDER = 'returns.order';
const PROOF = 'returns.proof';
const CHOICE = 'returns.choice';
const SURE = 'returns.sure';

/** How the returns dialog starts: with what the first message said (and the tries so far after a wrong order). */
export interface ReturnsOptions extends ReturnSlots {
  tries?: number;
  /** The message that asked for the return, when the dialog starts on a later turn (after "Shall I stop…?"). */
  request?: string;
}

interface Values extends ReturnSlots {
  tries: number;
  /** What the customer has said so far, to find the item once the order is known ("the jacket"). */
  said: string[];
  order?: Order;
  eligible: OrderItem[];
  items: OrderItem[];
}

/**
 * Returns: order number plus the order's e-mail or postcode (three tries, and a wrong answer never
 * says which half was wrong), eligibility, item, reason, refund or exchange, then an RMA number.
 * Whatever a message already says (order number, e-mail, item, reason, refund or exchange, the
 * size wanted) fills its question, which is then skipped.
 */
const asChoices = (options: ChoiceOption[]) => options.map((o) => ({ value: o.title, synonyms: [...(o.synonyms ?? [])] }));

export class ReturnsDialog extends ComponentDialog implements SlotTaking {
  constructor(
    private readonly returns: ReturnService,
    private readonly faq: FaqService,
    private readonly defaultLocale: Locale,
    private readonly followers?: EventFollowers,
  ) {
    super(RETURNS_DIALOG);
    this.addDialog(new TextPrompt(ORDER, async (p) => orderNumberIn(p.recognized.value ?? '') !== undefined));
    this.addDialog(new TextPrompt(PROOF, async (p) => (p.recognized.value ?? '').trim().length >= 3));
    this.addDialog(new ChoicePrompt(CHOICE)).addDialog(new ConfirmPrompt(SURE));
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

  /** Order number, e-mail or postcode, reason, refund or exchange named in `text`. */
  slotsNamed(text: string, locale: Locale): number {
    return Object.keys(readReturnSlots(text, locale)).length;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  private values(step: WaterfallStepContext): Values {
    return step.values as Values;
  }

  /** Fills what `text` names and was not known yet. */
  private absorb(step: WaterfallStepContext, text: string): void {
    const values = this.values(step);
    values.said.push(text);
    for (const [key, value] of Object.entries(readReturnSlots(text, this.locale(step))) as [keyof ReturnSlots, string][]) {
      if (values[key] === undefined) (values as Record<keyof ReturnSlots, string | undefined>)[key] = value;
    }
  }

  private async askOrder(step: WaterfallStepContext<ReturnsOptions>): Promise<DialogTurnResult> {
    const { request, ...known } = step.options ?? {};
    Object.assign(step.values, { said: [], ...known, tries: known.tries ?? 0 });
    this.absorb(step, request ?? step.context.activity.text ?? '');
    if (this.values(step).orderNumber) return step.next();
    const locale = this.locale(step);
    return step.prompt(ORDER, { prompt: t(locale, 'returns.askOrder'), retryPrompt: t(locale, 'returns.orderRetry') });
  }

  private async askProof(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    if (typeof step.result === 'string') this.absorb(step, step.result);
    if (values.proof) return step.next(values.proof);
    return step.prompt(PROOF, { prompt: t(this.locale(step), 'returns.askProof') });
  }

  private async verify(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const values = this.values(step);
    const answer = step.result as string;
    if (answer !== values.proof) this.absorb(step, answer);
    const order = await this.returns.findOrder(values.orderNumber ?? '', values.proof ?? answer);
    if (!order) {
      const tries = values.tries + 1;
      const { reason, resolution, exchangeFor } = values;
      const restart: ReturnsOptions = { tries, request: '', ...(reason ? { reason } : {}), ...(resolution ? { resolution } : {}), ...(exchangeFor ? { exchangeFor } : {}) };
      return missedOrder(step, { tries, locale, faq: this.faq, notFound: 'returns.notFound', tooManyTries: 'returns.tooManyTries', dialogId: this.initialDialogId ?? '', restart });
    }
    values.order = order;
    // Checked against the order's e-mail or postcode: the shop's news about this order may come here.
    await this.followers?.follow({ orderNumber: order.number }, step.context, { proof: proofKind(values.proof ?? answer) });
    const { eligible, refused } = await this.returns.eligibility(order);
    values.eligible = eligible;
    const windowDays = this.returns.policy.windowDays;
    const lines = refused.map(({ item, why }) => `• ${t(locale, `returns.why.${why}` as TemplateKey, { item: item.names[locale], count: windowDays })}`);
    if (eligible.length === 0) {
      await step.context.sendActivity([t(locale, 'returns.nothingEligible', { count: order.items.length }), ...lines].join('\n'));
      return step.endDialog();
    }
    // Said out loud, so an item the customer expected in the list is not silently missing.
    if (refused.length > 0) await step.context.sendActivity([t(locale, 'returns.notAllEligible', { count: refused.length }), ...lines].join('\n'));
    if (eligible.length === 1) return step.next({ index: 0 });
    const options: ChoiceOption[] = [...eligible.map((item) => ({ title: item.names[locale] })), allItemsOption(locale)];
    const named = findMention(values.said.join(' '), options.slice(0, -1));
    if (named && 'index' in named) return step.next({ index: named.index });
    return step.prompt(CHOICE, { prompt: t(locale, 'returns.askItem'), choices: asChoices(options) });
  }

  private async askReason(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const index = (step.result as { index: number }).index;
    values.items = index < values.eligible.length ? [values.eligible[index] as OrderItem] : values.eligible;
    // "the jacket, it's too small": the rest of the answer fills what it names.
    this.absorb(step, step.context.activity.text ?? '');
    if (values.reason) return step.next();
    const locale = this.locale(step);
    // The item by its name: a pronoun would have to agree with it ("ihn", "sie", "je").
    const prompt = t(locale, 'returns.askReason', { count: values.items.length, item: values.items[0]?.names[locale] ?? '' });
    return step.prompt(CHOICE, { prompt, choices: asChoices(reasonOptions(locale)) });
  }

  private async askResolution(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    if (step.result) {
      values.reason = REASONS[(step.result as FoundChoice).index];
      this.absorb(step, step.context.activity.text ?? '');
    }
    if (values.resolution) return step.next();
    const locale = this.locale(step);
    return step.prompt(CHOICE, { prompt: t(locale, 'returns.askResolution'), choices: asChoices(resolutionOptions(locale)) });
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    if (step.result) {
      values.resolution = RESOLUTIONS[(step.result as FoundChoice).index];
      this.absorb(step, step.context.activity.text ?? '');
    }
    const locale = this.locale(step);
    // Names carry commas of their own ("Rain jacket, size M"), so several are set apart by semicolons.
    const items = values.items.map((item) => item.names[locale]).join('; ');
    const resolution = t(locale, `returns.${values.resolution ?? 'refund'}`);
    return step.prompt(SURE, { prompt: t(locale, 'returns.confirm', { count: values.items.length, items, resolution }) });
  }

  private async create(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const values = this.values(step);
    if (step.result !== true || !values.order) {
      await step.context.sendActivity(t(locale, 'returns.notCreated'));
      return step.endDialog();
    }
    let created: ReturnRequest;
    try {
      created = await this.returns.createReturn(values.order, {
        skus: values.items.map((item) => item.sku),
        reason: values.reason ?? 'other',
        resolution: values.resolution ?? 'refund',
        ...(values.resolution === 'exchange' && values.exchangeFor ? { exchangeFor: values.exchangeFor } : {}),
        customerKey: customerKeyFor(step.context),
      });
    } catch (err) {
      // Returned meanwhile (another conversation, the shop's own staff): say so, not "something went wrong".
      if (!(err instanceof ReturnRefusedError)) throw err;
      await step.context.sendActivity(t(locale, 'returns.refusedAtCreate', { count: values.items.length }));
      return step.endDialog();
    }
    const wanted = created.exchangeFor ? t(locale, 'returns.wantedSize', { size: created.exchangeFor }) : '';
    await step.context.sendActivity(
      created.resolution === 'exchange'
        ? t(locale, 'returns.createdExchange', { rma: created.rma, wanted, count: values.items.length })
        : t(locale, 'returns.created', { rma: created.rma, count: this.returns.policy.refundWorkingDays }),
    );
    return step.endDialog(created);
  }
}
