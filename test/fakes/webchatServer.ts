import { ActivityTypes, TurnContext, type ConversationReference } from 'botbuilder';
import restify from 'restify';
import { UpgradeRouter } from '../../bots/upgradeRouter';
import { loadConfig } from '../../bots/config';
import { silentLogger } from '../../bots/logger';
import { MemoryStore } from '../../bots/state/memoryStore';
import type { ManagedStorage } from '../../bots/state/types';
import type { ChannelModule, TurnLogic } from '../../channels/channel';
import { createWebChatChannel } from '../../channels/webchat';

/** What the echo bot saw: one conversation reference per conversation, for proactive sends. */
export type SeenReferences = Map<string, Partial<ConversationReference>>;

/**
 * A bot that needs no dialogs: greets with the page's locale when the customer joins, answers
 * "echo: <text>", and on "trace" also sends a trace (which must not reach the client).
 */
export function echoLogic(seen: SeenReferences = new Map()): TurnLogic {
  return async (context: TurnContext) => {
    const activity = context.activity;
    if (activity.conversation?.id) seen.set(activity.conversation.id, TurnContext.getConversationReference(activity));
    if (activity.type === ActivityTypes.ConversationUpdate) {
      const joined = (activity.membersAdded ?? []).some((member) => member.id !== activity.recipient.id);
      if (joined) await context.sendActivity(`hello (${activity.locale ?? 'no locale'})`);
    } else if (activity.type === ActivityTypes.Message) {
      if (activity.text === 'trace') await context.sendTraceActivity('echo', { debug: true });
      await context.sendActivity(`echo: ${activity.text ?? ''}`);
    }
  };
}

export interface WebChatServer {
  baseUrl: string;
  channel: ChannelModule;
  storage: ManagedStorage;
  seen: SeenReferences;
  server: restify.Server;
  upgrades: UpgradeRouter;
  stop(): Promise<void>;
}

/**
 * Only the web chat channel on a bare restify server at 127.0.0.1:<ephemeral>, with no shared
 * pipeline: what the channel does on its own, independent of the dialogs.
 */
export async function startWebChatServer(options: { storage?: ManagedStorage; env?: Record<string, string> } = {}): Promise<WebChatServer> {
  const storage = options.storage ?? new MemoryStore();
  const seen: SeenReferences = new Map();
  const channel = createWebChatChannel({
    // Memory unless a test says otherwise, so no test leaves a token secret file in ./.data.
    config: loadConfig({ STORAGE: 'memory', ...options.env }),
    storage,
    logger: silentLogger(),
    logic: echoLogic(seen),
    installPipeline: () => {},
  });
  if (!channel) throw new Error('startWebChatServer(): the web chat channel is always enabled');
  const server = restify.createServer({ handleUncaughtExceptions: false });
  const upgrades = new UpgradeRouter(server.server);
  channel.registerRoutes(server, upgrades);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  return {
    baseUrl,
    channel,
    storage,
    seen,
    server,
    upgrades,
    async stop() {
      await channel.stop?.();
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
