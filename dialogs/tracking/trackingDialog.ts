import { ComponentDialog, TextPrompt, WaterfallDialog, type Choice, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import { proofKind, type EventFollowers } from '../eventFollowers';
import type { OptOuts } from '../optOuts';
import type { SlotTaking } from '../slotTaking';
import { customerKeyFor } from '../../bots/state/stateKeys';
import type { FaqService } from '../faq/faqService';
import { t } from '../locales';
import { ChoicePrompt } from '../prompts';
import { missedOrder } from '../returns/orderCheck';
import { orderNumberIn, readReturnSlots } from '../returns/returnRequest';
import type { Order, ReturnService } from '../returns/returnService';
import { orderStatusText, shipmentOf } from './orderStatus';
import './texts';

export const TRACKING_DIALOG = 'trackingDialog';
const ORDER = 'tracking.order';
const PROOF = 'tracking.proof';
const NOTIFY = 'tracking.notify';

export interface TrackingOptions {
  orderNumber?: string;
  proof?: string;
  tries?: number;
  /** The message that asked, when the dialog starts on a later turn. */
  request?: string;
}

interface Values {
  orderNumber?: string;
  proof?: string;
  tries: number;
  /** "tell me when it ships" was in what the customer said: no need to ask. */
  wantsNews: boolean;
  order?: Order;
}

/** "let me know when it ships", "sag bescheid wenn", "daj znać kiedy": the customer asks to be told. */
export const WANTS_NEWS = /\b(?:let me know|tell me when|notify me|keep me posted|text me when|message me when|bescheid|benachrichtig|daj(?:cie)? zna[cć]|powiadom|napisz(?:cie)? (?:mi )?(?:jak|kiedy|gdy))\b/iu;

/**
 * Where is my order: order number plus the order's e-mail or postcode (three tries, and a wrong
 * answer never says which half was wrong, as in returns), then where the parcel is with carrier,
 * tracking link and expected delivery, and "tell me when it ships / arrives", which makes this
 * conversation the one the shop's events about the order come to (POST /api/events).
 */
export class TrackingDialog extends ComponentDialog implements SlotTaking {
  constructor(
    private readonly orders: ReturnService,
    private readonly faq: FaqService,
    private readonly followers: EventFollowers,
    private readonly optOuts: OptOuts,
    private readonly defaultLocale: Locale,
  ) {
    super(TRACKING_DIALOG);
    this.addDialog(new TextPrompt(ORDER, async (p) => orderNumberIn(p.recognized.value ?? '') !== undefined));
    this.addDialog(new TextPrompt(PROOF, async (p) => (p.recognized.value ?? '').trim().length >= 3));
    this.addDialog(new ChoicePrompt(NOTIFY));
    this.addDialog(new WaterfallDialog(`${TRACKING_DIALOG}.steps`, [this.askOrder.bind(this), this.askProof.bind(this), this.tell.bind(this), this.subscribe.bind(this)]));
    this.initialDialogId = `${TRACKING_DIALOG}.steps`;
  }

  /** Order number and e-mail or postcode named in `text` ("my email is …" at the question is an answer). */
  slotsNamed(text: string, locale: Locale): number {
    const { orderNumber, proof } = readReturnSlots(text, locale);
    return [orderNumber, proof].filter((slot) => slot !== undefined).length;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.defaultLocale);
  }

  private values(step: WaterfallStepContext): Values {
    return step.values as Values;
  }

  /** Order number and proof named in `text` and not known yet. */
  private absorb(step: WaterfallStepContext, text: string): void {
    const values = this.values(step);
    const { orderNumber, proof } = readReturnSlots(text, this.locale(step));
    values.orderNumber ??= orderNumber;
    values.proof ??= proof;
    values.wantsNews ||= WANTS_NEWS.test(text);
  }

  private async askOrder(step: WaterfallStepContext<TrackingOptions>): Promise<DialogTurnResult> {
    const { request, tries, ...known } = step.options ?? {};
    Object.assign(step.values, { ...known, tries: tries ?? 0, wantsNews: false } satisfies Values);
    this.absorb(step, request ?? step.context.activity.text ?? '');
    if (this.values(step).orderNumber) return step.next();
    const locale = this.locale(step);
    return step.prompt(ORDER, { prompt: t(locale, 'tracking.askOrder'), retryPrompt: t(locale, 'tracking.orderRetry') });
  }

  private async askProof(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (typeof step.result === 'string') this.absorb(step, step.result);
    const values = this.values(step);
    if (values.proof) return step.next(values.proof);
    return step.prompt(PROOF, { prompt: t(this.locale(step), 'tracking.askProof') });
  }

  private async tell(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const values = this.values(step);
    const answer = step.result as string;
    if (answer !== values.proof) this.absorb(step, answer);
    const order = await this.orders.findOrder(values.orderNumber ?? '', values.proof ?? answer);
    if (!order) {
      const tries = values.tries + 1;
      const restart: TrackingOptions = { tries, request: '' };
      return missedOrder(step, { tries, locale, faq: this.faq, notFound: 'tracking.notFound', tooManyTries: 'tracking.tooManyTries', dialogId: this.initialDialogId ?? '', restart });
    }
    values.order = order;
    // Checked against the order's e-mail or postcode: the shop's news about it may come here.
    await this.followers.follow({ orderNumber: order.number }, step.context, { proof: proofKind(values.proof ?? answer) });
    await step.context.sendActivity(orderStatusText(order, locale));
    const status = shipmentOf(order).status;
    if (status === 'delivered') return step.endDialog();
    // Index 0 is "tell me" in the choices below.
    if (values.wantsNews) return step.next({ index: 0, value: 'notify', score: 1 } satisfies FoundChoice);
    const ships = status === 'processing';
    const choices: Choice[] = [
      { value: 'notify', action: { type: 'imBack', title: t(locale, ships ? 'tracking.notifyShips' : 'tracking.notifyArrives'), value: t(locale, ships ? 'tracking.notifyShips' : 'tracking.notifyArrives') }, synonyms: words(locale, 'notify') },
      { value: 'no', action: { type: 'imBack', title: t(locale, 'tracking.noThanks'), value: t(locale, 'tracking.noThanks') }, synonyms: words(locale, 'no') },
    ];
    return step.prompt(NOTIFY, { prompt: t(locale, ships ? 'tracking.offerShips' : 'tracking.offerArrives'), choices });
  }

  private async subscribe(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const { order } = this.values(step);
    const chosen = step.result as FoundChoice;
    if (!order || chosen.index !== 0) {
      await step.context.sendActivity(t(locale, 'tracking.notSubscribed'));
      return step.endDialog();
    }
    await this.followers.follow({ orderNumber: order.number }, step.context, { proof: proofKind(this.values(step).proof ?? ''), subscribed: true });
    // Asked for in so many words: an earlier "no more order updates" must not silence it.
    await this.optOuts.optIn(customerKeyFor(step.context), Date.now(), ['orders']);
    const ships = shipmentOf(order).status === 'processing';
    await step.context.sendActivity(t(locale, ships ? 'tracking.subscribedShips' : 'tracking.subscribedArrives'));
    return step.endDialog();
  }
}

/** "yes|sure|tell me" from the locale file. */
function words(locale: Locale, key: 'notify' | 'no'): string[] {
  return t(locale, `tracking.words.${key}`).split('|').map((word) => word.trim()).filter(Boolean);
}
