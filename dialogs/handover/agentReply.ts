import { createHash } from 'node:crypto';
import type { Activity, ChannelAccount, Entity } from '../../bots/botFramework';

/** The entity type that marks a reply as written by a person in the agent inbox. */
const HUMAN_AGENT_ENTITY = 'switchboard/humanAgent';
/** Agent accounts' ids start with this; the bot's own id never does. */
export const AGENT_ID_PREFIX = 'agent-';

interface HumanAgentEntity extends Entity {
  type: typeof HUMAN_AGENT_ENTITY;
  agent: string;
}

function isHumanAgentEntity(entity: Entity): entity is HumanAgentEntity {
  return entity.type === HUMAN_AGENT_ENTITY && typeof (entity as { agent?: unknown }).agent === 'string';
}

/**
 * A message an agent wrote, with the agent's text exactly as typed (no name prefix: each channel
 * shows the sender its own way). The mark travels as an Activity entity (channel-agnostic
 * metadata), not as channelData or `from`: TurnContext sets `from` to the bot on every send, and
 * the transcript, the outbox and the renderers all read the entity.
 */
export function agentReply(agent: string, text: string): Partial<Activity> {
  const mark: HumanAgentEntity = { type: HUMAN_AGENT_ENTITY, agent };
  return { type: 'message', text, entities: [mark] };
}

/** The agent's display name when a person wrote this reply, else undefined. */
export function humanAgentOf(activity: Partial<Activity>): string | undefined {
  return activity.entities?.find(isHumanAgentEntity)?.agent;
}

/**
 * The sender account of an agent's messages where a channel can show senders (Web Chat): the
 * agent's display name and an id of its own, stable per agent and never the bot's, so clients that
 * group by `from.id` start a new group. The role stays `bot`: Bot Framework has no other role for
 * what the bot side sends.
 */
export function agentAccount(agent: string): ChannelAccount {
  const id = `${AGENT_ID_PREFIX}${createHash('sha256').update(agent).digest('base64url').slice(0, 16)}`;
  return { id, name: agent, role: 'bot' };
}
