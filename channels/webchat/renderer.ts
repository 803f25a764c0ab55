import type { Activity } from '../../bots/botFramework';
import { agentAccount, humanAgentOf } from '../shared/senderLine';
import type { ChannelCapabilities } from '../channel';
import { cardTextAsMarkdown } from '../shared/markdown';
import { withNumberedFallback } from '../shared/numberedOptions';

/** Web Chat wraps its buttons; past ten a list reads better. A closed page cannot be written to later. */
export const WEBCHAT_CAPABILITIES: ChannelCapabilities = { maxSuggestedActions: 10, reachesCustomerLater: false };

/**
 * Activity → what Web Chat shows as written (pure). Dialogs send plain text with line breaks. Web
 * Chat reads message text as Markdown by default, which would join lines and turn a customer's
 * `[x](https://…)`, `<b>` or `*` into a link or emphasis, so text is marked plain unless a dialog
 * chose a format. Card text has no such switch (Web Chat always renders it as Markdown), so it
 * is escaped, with one line per line of the dialog's text. An agent's message is sent from the
 * agent's own account (Web Chat groups senders by it and the page shows the initials).
 */
export function renderForWebChat(activity: Partial<Activity>): Partial<Activity> {
  const agent = humanAgentOf(activity);
  const sent = agent === undefined ? activity : { ...activity, from: agentAccount(agent) };
  if (sent.type !== 'message') return sent;
  const fitted = withNumberedFallback(sent, WEBCHAT_CAPABILITIES.maxSuggestedActions);
  const plain = typeof fitted.text === 'string' && !fitted.textFormat ? { textFormat: 'plain' as const } : {};
  const attachments = sent.attachments ? { attachments: sent.attachments.map(cardTextAsMarkdown) } : {};
  return { ...fitted, ...plain, ...attachments };
}
