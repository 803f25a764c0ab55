import type { Activity, Attachment, HeroCard } from '../../bots/botFramework';
import { escape } from 'html-escaper';
import { humanAgentOf } from '../shared/senderLine';
import type { ChannelCapabilities } from '../channel';
import { cardTextAsMarkdown, TEXT_CARDS } from '../shared/markdown';
import { withNumberedFallback } from '../shared/numberedOptions';

/**
 * Azure's channels differ (Teams shows few suggested actions, Web Chat many): past ten they become
 * a list. Azure's Web Chat and Direct Line cannot write to a closed page; Teams could, but one
 * module serves them all, so a message left here asks how to reach the customer.
 */
export const AZURE_CAPABILITIES: ChannelCapabilities = { maxSuggestedActions: 10, reachesCustomerLater: false };

/** Teams renders card text as a subset of HTML, never Markdown, and title and subtitle unformatted. */
const TEAMS_CHANNEL_ID = 'msteams';

function cardTextAsTeamsHtml(attachment: Attachment): Attachment {
  const card = attachment.content as HeroCard | undefined;
  if (!TEXT_CARDS.has(attachment.contentType) || typeof card?.text !== 'string') return attachment;
  return { ...attachment, content: { ...card, text: card.text.split(/\r\n|\r|\n/).map((line) => escape(line)).join('<br>') } };
}

/**
 * A reply through Azure Bot Service → what its channel shows as written (pure). Dialogs send
 * plain text: message text is marked `plain` (honoured by Web Chat, the Emulator and Teams) unless
 * a dialog chose a format. Card text has no such switch: it is escaped as Markdown for Web Chat,
 * Direct Line and the Emulator (all render it with Web Chat's markdown-it), as HTML for Teams.
 * Those channels show the bot as the sender whatever `from` says, so a person's message names
 * them first ("Anna: …").
 */
export function renderForBotFramework(reply: Partial<Activity>): Partial<Activity> {
  if (reply.type !== 'message') return reply;
  const activity = withNumberedFallback(reply, AZURE_CAPABILITIES.maxSuggestedActions);
  const agent = humanAgentOf(activity);
  const text = agent !== undefined && activity.text?.trim() ? { text: `${agent}: ${activity.text}` } : {};
  const plain = typeof activity.text === 'string' && !activity.textFormat ? { textFormat: 'plain' as const } : {};
  const escapeCard = activity.channelId === TEAMS_CHANNEL_ID ? cardTextAsTeamsHtml : cardTextAsMarkdown;
  const attachments = activity.attachments ? { attachments: activity.attachments.map(escapeCard) } : {};
  return { ...activity, ...text, ...plain, ...attachments };
}
