import { MessageFactory, type StatePropertyAccessor, type TurnContext, type DialogState } from '../../bots/botFramework';
import { agentReply } from './agentReply';
import type { HandoverQueue } from './handoverQueue';
import { activeHandover, HANDOVER_EVENTS, inboxEventOf, markMovedOn, type AgentJoinedValue, type AgentMessageValue, type ResolvedValue } from './handoverState';
import { t } from '../locales';
import type { MainDialog } from '../mainDialog';
import type { IntentRecognizer } from '../nlu/intents';
import type { Locale } from '../../bots/config';
import { turnLocale } from '../../bots/pipeline/locale';
import './texts';

// "wroc do bota prosze", "back to bot please": the courtesy word around a command is not part of it.
const COURTESY = /^(?:(?:please|bitte|prosze|proszę|ok)[\s,]+)+|(?:[\s,]+(?:please|bitte|prosze|proszę))+$/gu;
const normalise = (text: string) => text.trim().toLowerCase().replace(/[!?.,;:]+$/u, '').replace(COURTESY, '').replace(/\s+/g, ' ');
const said = (text: string, label: string) => normalise(text) === normalise(label);

function isAgentMessage(value: unknown): value is AgentMessageValue {
  return typeof value === 'object' && value !== null && 'agent' in value && typeof value.agent === 'string' && 'text' in value && typeof value.text === 'string';
}

/** Resolve and join events both name the agent and the ticket they are about. */
function isAboutTicket(value: unknown): value is ResolvedValue | AgentJoinedValue {
  return typeof value === 'object' && value !== null && 'agent' in value && typeof value.agent === 'string' && 'ticketId' in value && typeof value.ticketId === 'string';
}

/**
 * The customer's side of a handover once it is queued: the customer's messages go to the agent
 * (the bot stays quiet, except for "cancel" / "back to bot" and the claim-timeout choices), and
 * the inbox's proactive events (agent replies, resolve, claim timeout) become messages.
 */
export class HandoverRelay {
  constructor(
    private readonly queue: HandoverQueue,
    private readonly mainDialog: MainDialog,
    private readonly dialogState: StatePropertyAccessor<DialogState>,
    private readonly commands: IntentRecognizer,
    private readonly defaultLocale: Locale,
  ) {}

  /** True when the message belonged to a handover and was handled here, so the dialogs must not see it. */
  async relay(context: TurnContext): Promise<boolean> {
    const active = await activeHandover.get(context);
    if (!active) return false;
    const ticket = await this.queue.get(active.ticketId);
    if (!ticket || ticket.status === 'resolved') {
      await activeHandover.delete(context);
      return false;
    }
    const locale = turnLocale(context, this.defaultLocale);
    const text = context.activity.text?.trim() ?? '';
    if (await this.wantsBot(text, locale)) {
      await this.queue.resolve(ticket.id, { customer: true });
      await activeHandover.delete(context);
      await context.sendActivity(t(locale, 'handover.backToBot'));
      return true;
    }
    if (ticket.status === 'waiting' && ticket.timeoutNotified && !ticket.leftMessage) {
      // The offer's buttons, or their numbers where a channel shows the options as a numbered list (e-mail).
      if (said(text, t(locale, 'handover.keepWaiting')) || said(text, '1')) {
        await context.sendActivity(t(locale, 'handover.stillWaiting', { position: (await this.queue.position(ticket.id)) ?? 1 }));
        return true;
      }
      if (said(text, t(locale, 'handover.leaveMessage')) || said(text, '2')) {
        await this.queue.markLeftMessage(ticket.id);
        await context.sendActivity(t(locale, 'handover.askMessage'));
        return true;
      }
    }
    const attachments = context.activity.attachments?.length ?? 0;
    const line = text || (attachments > 0 ? `[${attachments} attachment(s)]` : '');
    const activityId = context.activity.id;
    if (line) await this.queue.appendLine(ticket.id, { from: 'customer', text: line, at: new Date().toISOString(), ...(activityId ? { activityId } : {}) });
    return true;
  }

  /** Proactive events from the inbox; true when the turn was one of them. Event activities a client posts are ignored. */
  async onEvent(context: TurnContext): Promise<boolean> {
    const event = inboxEventOf(context.turnState);
    if (!event) return false;
    const locale = turnLocale(context, this.defaultLocale);
    switch (event.name) {
      case HANDOVER_EVENTS.agentMessage: {
        if (!isAgentMessage(event.value)) return false;
        const follow = event.value.follow;
        if (follow && typeof follow.ticketId === 'string') await activeHandover.set(context, { ticketId: follow.ticketId });
        // The agent's text as typed; each channel's renderer shows who wrote it.
        await context.sendActivity(agentReply(event.value.agent, event.value.text));
        return true;
      }
      case HANDOVER_EVENTS.agentJoined: {
        if (!isAboutTicket(event.value)) return false;
        // A late notice for an older ticket (the customer went back to the bot) says nothing.
        if ((await activeHandover.get(context))?.ticketId !== event.value.ticketId) {
          markMovedOn(context.turnState);
          return true;
        }
        await context.sendActivity(t(locale, 'handover.agentJoined', { name: event.value.agent }));
        return true;
      }
      case HANDOVER_EVENTS.claimTimeout:
        await context.sendActivity(MessageFactory.suggestedActions([t(locale, 'handover.keepWaiting'), t(locale, 'handover.leaveMessage')], t(locale, 'handover.claimTimeout')));
        return true;
      case HANDOVER_EVENTS.resolved: {
        if (!isAboutTicket(event.value)) return false;
        // A late or repeated resolve of an older ticket must not end the customer's current handover.
        if ((await activeHandover.get(context))?.ticketId !== event.value.ticketId) {
          markMovedOn(context.turnState);
          return true;
        }
        await activeHandover.delete(context);
        await context.sendActivity(t(locale, 'handover.resolved', { agent: event.value.agent }));
        await this.mainDialog.startRating(context, this.dialogState, event.value.ticketId);
        return true;
      }
      default:
        return false;
    }
  }

  private async wantsBot(text: string, locale: Locale): Promise<boolean> {
    if (!text) return false;
    if ((await this.commands.recognize(text, locale)).intent === 'cancel') return true;
    // "actually nvm, back to bot": the command may be the last part of a longer message.
    const last = text.split(/[,.;!]+/u).filter((part) => part.trim()).at(-1) ?? text;
    return t(locale, 'handover.backWords').split('|').some((words) => said(text, words) || said(last, words));
  }
}
