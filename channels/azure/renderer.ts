import type { Activity, Attachment, HeroCard } from 'botbuilder';
import { escape } from 'html-escaper';
import { humanAgentOf } from '../shared/senderLine';
import { cardTextAsMarkdown, TEXT_CARDS } from '../shared/markdown';

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
export function renderForBotFramework(activity: Partial<Activity>): Partial<Activity> {
  if (activity.type !== 'message') return activity;
  const agent = humanAgentOf(activity);
  const text = agent !== undefined && activity.text?.trim() ? { text: `${agent}: ${activity.text}` } : {};
  const plain = typeof activity.text === 'string' && !activity.textFormat ? { textFormat: 'plain' as const } : {};
  const escapeCard = activity.channelId === TEAMS_CHANNEL_ID ? cardTextAsTeamsHtml : cardTextAsMarkdown;
  const attachments = activity.attachments ? { attachments: activity.attachments.map(escapeCard) } : {};
  return { ...activity, ...text, ...plain, ...attachments };
}
