import type { Activity } from 'botbuilder';
import { humanAgentOf } from '../../dialogs/handover/agentReply';

/**
 * Activity → what Azure Bot Service's channels show (pure). Teams, Slack and the rest show the bot
 * as the sender whatever `from` says, so a person's message names them first ("Anna: …"), as the
 * bot's one bubble always did; the bot's own messages go out unchanged.
 */
export function renderForBotFramework(activity: Partial<Activity>): Partial<Activity> {
  const agent = humanAgentOf(activity);
  if (agent === undefined || !activity.text?.trim()) return activity;
  return { ...activity, text: `${agent}: ${activity.text}` };
}
