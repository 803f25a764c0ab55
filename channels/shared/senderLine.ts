import type { Activity } from '../../bots/botFramework';
import { humanAgentOf } from '../../dialogs/handover/agentReply';

/** How channels learn that a person, not the bot, wrote a reply (the handover feature marks it). */
export { agentAccount, humanAgentOf } from '../../dialogs/handover/agentReply';

/**
 * The text for a channel where the bot has one identity (a Telegram bot, a Facebook Page): a
 * person's message starts with a line naming them ("Anna:"), the bot's own messages stay as they
 * are. The renderer escapes the result for its platform like any other text.
 */
export function withSenderLine(activity: Partial<Activity>): string {
  const agent = humanAgentOf(activity);
  const text = activity.text ?? '';
  return agent === undefined || !text.trim() ? text : `${agent}:\n${text}`;
}
