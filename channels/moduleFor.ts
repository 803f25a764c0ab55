import type { ConversationReference } from '../bots/botFramework';
import { ANY_BOT_FRAMEWORK_CHANNEL, type ChannelModule } from './channel';

/**
 * The module a stored conversation belongs to: one that names its channel id and does not disown
 * it (the embedded web chat checks its log), else the module that takes every other channel
 * (Azure Bot Service, whose Web Chat also says `webchat`). Undefined when no running module does.
 */
export async function moduleFor(channels: readonly ChannelModule[], reference: Partial<ConversationReference>): Promise<ChannelModule | undefined> {
  const named = channels.filter((module) => (module.channelIds ?? [module.id]).includes(reference.channelId ?? ''));
  for (const module of named) {
    if (!module.ownsConversation || (await module.ownsConversation(reference))) return module;
  }
  const relay = channels.find((module) => module.channelIds?.includes(ANY_BOT_FRAMEWORK_CHANNEL));
  return relay && (!relay.ownsConversation || (await relay.ownsConversation(reference))) ? relay : undefined;
}
