import type { Activity, Entity } from 'botbuilder';

/** The entity type that marks a reply as written by a person in the agent inbox. */
const HUMAN_AGENT_ENTITY = 'switchboard/humanAgent';

interface HumanAgentEntity extends Entity {
  type: typeof HUMAN_AGENT_ENTITY;
  agent: string;
}

function isHumanAgentEntity(entity: Entity): entity is HumanAgentEntity {
  return entity.type === HUMAN_AGENT_ENTITY && typeof (entity as { agent?: unknown }).agent === 'string';
}

/**
 * A message an agent wrote. The mark travels as an Activity entity (channel-agnostic metadata), not
 * as channelData: the transcript files it as the agent's line, and renderers apply their platform's
 * rules for people (Messenger's HUMAN_AGENT tag, e-mail without Auto-Submitted).
 */
export function agentReply(agent: string, text: string): Partial<Activity> {
  const mark: HumanAgentEntity = { type: HUMAN_AGENT_ENTITY, agent };
  return { type: 'message', text, entities: [mark] };
}

/** The agent's display name when a person wrote this reply, else undefined. */
export function humanAgentOf(activity: Partial<Activity>): string | undefined {
  return activity.entities?.find(isHumanAgentEntity)?.agent;
}
