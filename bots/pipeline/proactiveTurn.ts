import { ActivityEventNames, ActivityTypes, type Activity } from '../botFramework';

/**
 * The event a proactive or resumed turn runs on (an agent's reply, a notice, the retry worker):
 * botbuilder's own name, so CloudAdapter's continueConversationAsync and our channel adapters'
 * continueConversation start turns the pipeline and the channels tell apart the same way.
 */
export const PROACTIVE_EVENT = { type: ActivityTypes.Event, name: ActivityEventNames.ContinueConversation } as const;

/** True for a turn no customer started: nothing redelivers it and no customer wrote in it. */
export function isProactiveTurn(activity: Partial<Activity>): boolean {
  return activity.type === ActivityTypes.Event && activity.name === ActivityEventNames.ContinueConversation;
}
