import type { Activity } from 'botbuilder';
import { cardTextAsMarkdown } from '../shared/markdown';

/**
 * Activity → what Web Chat shows as written (pure). Dialogs send plain text with line breaks. Web
 * Chat reads message text as Markdown by default, which would join lines and turn a customer's
 * `[x](https://…)`, `<b>` or `*` into a link or emphasis, so text is marked plain unless a dialog
 * chose a format. Card text has no such switch (Web Chat always renders it as Markdown), so it
 * is escaped, with one line per line of the dialog's text.
 */
export function renderForWebChat(activity: Partial<Activity>): Partial<Activity> {
  if (activity.type !== 'message') return activity;
  const plain = typeof activity.text === 'string' && !activity.textFormat ? { textFormat: 'plain' as const } : {};
  const attachments = activity.attachments ? { attachments: activity.attachments.map(cardTextAsMarkdown) } : {};
  return { ...activity, ...plain, ...attachments };
}
