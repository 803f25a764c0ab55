import type { Activity } from 'botbuilder';
import { agentAccount, humanAgentOf } from '../../dialogs/handover/agentReply';

/**
 * Activity → what Web Chat shows best (pure). Dialog text is plain text with line breaks; Web
 * Chat reads message text as Markdown by default, which would join lines and treat `*` or `_` in
 * a customer's name as emphasis, so plain text is marked as such unless a dialog chose a format.
 * An agent's message is sent from the agent's own account (Web Chat groups senders by it and the
 * page shows the name), with the text as typed.
 */
export function renderForWebChat(activity: Partial<Activity>): Partial<Activity> {
  const agent = humanAgentOf(activity);
  const sent = agent === undefined ? activity : { ...activity, from: agentAccount(agent) };
  if (sent.type !== 'message' || typeof sent.text !== 'string' || sent.textFormat) return sent;
  return { ...sent, textFormat: 'plain' };
}
