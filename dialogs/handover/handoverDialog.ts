import { InputHints, MessageFactory, TurnContext, ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type FoundChoice, type PromptValidatorContext, type WaterfallStepContext } from '../../bots/botFramework';
import type { Locale } from '../../bots/config';
import { canReachCustomerLater } from '../../bots/pipeline/channelTraits';
import { turnLocale } from '../../bots/pipeline/locale';
import { customerKeyFor, stateKeysFor } from '../../bots/state/stateKeys';
import { t } from '../locales';
import { ChoicePrompt } from '../prompts';
import type { BusinessHours } from './businessHours';
import { readContactAnswer } from './contactAnswer';
import type { HandoverQueue } from './handoverQueue';
import { activeHandover, transcript } from './handoverState';
import { MAX_TEXT_LENGTH } from './ticket';
import './texts';

export const HANDOVER_DIALOG = 'handoverDialog';
const SUMMARY = 'handoverDialog.summary';
const AWAY = 'handoverDialog.away';
const CONTACT = 'handoverDialog.contact';
const MAX_SUMMARY = 300;
/** Answers to the contact question before it is taken as a no: it is an offer, not a gate. */
const CONTACT_TRIES = 2;

/** How a handover starts: with the issue when the bot already knows it (frustration, repeated misses). */
export interface HandoverOptions {
  summary?: string;
}

interface HandoverValues {
  leaveMessage: boolean;
  /** The ticket of a message left, while the contact question is asked. */
  ticketId?: string;
}

export interface HandoverDialogSettings {
  queue: HandoverQueue;
  hours: BusinessHours;
  /** BUSINESS_HOURS as configured, shown in the away message. */
  hoursText: string | undefined;
  claimTimeoutMinutes: number;
  defaultLocale: Locale;
  clock?: () => Date;
}

/**
 * Hands the conversation to people: asks for a one-line summary unless it is known, queues the
 * conversation with its transcript and says where the customer stands. Outside business hours it
 * says so and offers to leave a message for the next agent instead.
 */
export class HandoverDialog extends ComponentDialog {
  constructor(private readonly settings: HandoverDialogSettings) {
    super(HANDOVER_DIALOG);
    const away = new ChoicePrompt(AWAY);
    this.addDialog(away);
    this.addDialog(new TextPrompt(SUMMARY, async (prompt: PromptValidatorContext<string>) => {
      const text = prompt.recognized.value?.trim() ?? '';
      return prompt.recognized.succeeded && text.length > 0 && text.length <= MAX_SUMMARY;
    }));
    this.addDialog(new TextPrompt(CONTACT, async (prompt: PromptValidatorContext<string>) => {
      const answer = readContactAnswer(prompt.recognized.value ?? '', turnLocale(prompt.context, this.settings.defaultLocale));
      return prompt.recognized.succeeded && (answer !== undefined || prompt.attemptCount >= CONTACT_TRIES);
    }));
    this.addDialog(new WaterfallDialog(`${HANDOVER_DIALOG}.steps`, [this.checkHours.bind(this), this.askIssue.bind(this), this.enqueue.bind(this), this.keepContact.bind(this)]));
    this.initialDialogId = `${HANDOVER_DIALOG}.steps`;
  }

  private locale(step: WaterfallStepContext): Locale {
    return turnLocale(step.context, this.settings.defaultLocale);
  }

  private now(): Date {
    return (this.settings.clock ?? (() => new Date()))();
  }

  private async checkHours(step: WaterfallStepContext<HandoverOptions>): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    (step.values as HandoverValues).leaveMessage = false;
    if (this.settings.hours.isOpen(this.now())) return step.next();
    await step.context.sendActivity(t(locale, 'handover.away', { hours: this.settings.hoursText ?? '' }));
    const choices = [t(locale, 'handover.leaveMessage'), t(locale, 'handover.noThanks')];
    return step.prompt(AWAY, { prompt: t(locale, 'handover.awayOffer'), choices });
  }

  private async askIssue(step: WaterfallStepContext<HandoverOptions>): Promise<DialogTurnResult> {
    const locale = this.locale(step);
    const values = step.values as HandoverValues;
    const away = step.result as FoundChoice | undefined;
    if (away) {
      if (away.index !== 0) {
        await step.context.sendActivity(t(locale, 'handover.notLeft'));
        return step.endDialog();
      }
      values.leaveMessage = true;
      return step.prompt(SUMMARY, { prompt: t(locale, 'handover.askMessage'), retryPrompt: t(locale, 'handover.summaryRetry', { count: MAX_SUMMARY }) });
    }
    if (step.options.summary) return step.next(step.options.summary);
    return step.prompt(SUMMARY, { prompt: t(locale, 'handover.askSummary'), retryPrompt: t(locale, 'handover.summaryRetry', { count: MAX_SUMMARY }) });
  }

  private async enqueue(step: WaterfallStepContext<HandoverOptions>): Promise<DialogTurnResult> {
    const context = step.context;
    const locale = this.locale(step);
    const values = step.values as HandoverValues;
    const summary = String(step.result ?? '').trim().slice(0, MAX_TEXT_LENGTH);
    const reference = TurnContext.getConversationReference(context.activity);
    // A stored activityId would make every proactive turn look like a redelivery of this message.
    delete reference.activityId;
    const activity = context.activity;
    // The same request (conversation + activity) finds the same ticket if the turn is re-run.
    const requestKey = activity.id ? `${stateKeysFor(context).conversation}|${activity.id}` : undefined;
    const ticket = await this.settings.queue.enqueue({
      reference,
      customerKey: customerKeyFor(context),
      customerName: context.activity.from?.name?.trim() ?? '',
      locale,
      summary,
      // The transcript gets this turn's lines when the turn ends; the answer that queued it belongs in already.
      messages: [...(await transcript.get(context, [])), ...(context.activity.text ? [{ from: 'customer' as const, text: context.activity.text, at: new Date().toISOString() }] : [])],
      leftMessage: values.leaveMessage,
    }, requestKey);
    if (values.leaveMessage && !canReachCustomerLater(context)) {
      // The message is queued already (a customer who closes the page now has not lost it); the
      // relay takes over only after the answer, which is this dialog's to read.
      values.ticketId = ticket.id;
      const ask = (text: string) => MessageFactory.suggestedActions([t(locale, 'handover.noThanks')], text, undefined, InputHints.ExpectingInput);
      return step.prompt(CONTACT, { prompt: ask(t(locale, 'handover.askContact')), retryPrompt: ask(t(locale, 'handover.contactRetry')) });
    }
    await activeHandover.set(context, { ticketId: ticket.id });
    if (values.leaveMessage) {
      await context.sendActivity(t(locale, 'handover.messageLeft'));
      return step.endDialog();
    }
    const position = (await this.settings.queue.position(ticket.id)) ?? 1;
    await context.sendActivity(t(locale, 'handover.queued', { position, count: this.settings.claimTimeoutMinutes }));
    return step.endDialog();
  }

  /**
   * After a message left where the channel cannot write to the customer once they are gone (web
   * chat; the channel module says so through turn state): the e-mail or phone they gave goes on
   * the ticket, for the agent to answer there.
   */
  private async keepContact(step: WaterfallStepContext<HandoverOptions>): Promise<DialogTurnResult> {
    const context = step.context;
    const locale = this.locale(step);
    const ticketId = (step.values as HandoverValues).ticketId ?? '';
    const answer = readContactAnswer(String(step.result ?? ''), locale);
    const contact = typeof answer === 'object' ? answer : undefined;
    if (contact) await this.settings.queue.setContact(ticketId, contact);
    await activeHandover.set(context, { ticketId });
    await context.sendActivity(contact ? t(locale, 'handover.messageLeftContact', { contact: contact.value }) : t(locale, 'handover.messageLeft'));
    return step.endDialog();
  }
}
