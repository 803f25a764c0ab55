import type { Activity } from 'botbuilder';

/**
 * Activity → what Web Chat shows best (pure). Dialog text is plain text with line breaks; Web
 * Chat reads message text as Markdown by default, which would join lines and treat `*` or `_` in
 * a customer's name as emphasis, so plain text is marked as such unless a dialog chose a format.
 */
export function renderForWebChat(activity: Partial<Activity>): Partial<Activity> {
  if (activity.type !== 'message' || typeof activity.text !== 'string' || activity.textFormat) return activity;
  return { ...activity, textFormat: 'plain' };
}
