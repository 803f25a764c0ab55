import { createApp } from '../../index';
import { loadConfig } from '../../bots/config';
import pino from 'pino';
import { createLogger, silentLogger } from '../../bots/logger';
import type { ChannelFactory } from '../../channels/channel';
import { createAzureChannel } from '../../channels/azure';
import { createMessengerChannel } from '../../channels/messenger';
import { createTelegramChannel } from '../../channels/telegram';
import { createWebChatChannel } from '../../channels/webchat';
import { ConversationLog } from '../../channels/webchat/conversationLog';
import { TokenService } from '../../channels/webchat/tokens';
import { benchStore, diskBytes, serveBench, storeKindFromEnv } from '../lib/serve';

/**
 * Our whole server (createApp: pipeline with dedupe, lock, locale and state; MainDialog) with the
 * channels named by BENCH_CHANNEL (one, or several comma-separated); channel credentials and fake
 * API roots come in the environment.
 */
const channels: Record<string, ChannelFactory> = {
  directline: createWebChatChannel,
  api_messages: createAzureChannel,
  telegram: createTelegramChannel,
  messenger: createMessengerChannel,
};
const channelNames = (process.env.BENCH_CHANNEL ?? 'api_messages').split(',');
const factories = channelNames.map((name) => {
  const factory = channels[name];
  if (!factory) throw new Error(`bench/servers/ours.ts: unknown BENCH_CHANNEL "${name}"`);
  return factory;
});

const { store, cleanup, dir } = benchStore(storeKindFromEnv());
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', STORAGE: 'memory' });
// BENCH_LOG_LEVEL=info: the per-turn log line as production writes it (JSON, to /dev/null), to price it.
const logLevel = process.env.BENCH_LOG_LEVEL;
const logger = logLevel
  ? createLogger(loadConfig({ ...process.env, LOG_LEVEL: logLevel, STORAGE: 'memory' }), { isTTY: false, resolve: () => { throw new Error('no pretty logs in the bench'); }, destination: pino.destination({ dest: '/dev/null', sync: false }) })
  : silentLogger();
const app = createApp(config, store, logger, { channels: factories });

/**
 * Direct Line conversations as /tokens/generate would create them; that route is rate-limited
 * per client address, and all load comes from one address.
 */
async function directLineConversations(count: number): Promise<{ conversationId: string; token: string }[]> {
  const log = new ConversationLog(store);
  const tokens = new TokenService(config.env.WEBCHAT_TOKEN_SECRET);
  const created = [];
  for (let i = 0; i < count; i += 1) {
    const scope = { conversationId: `wc_bench${i}`, userId: `dl_bench${i}` };
    await log.create(scope.conversationId, scope.userId, 'en-US');
    created.push({ conversationId: scope.conversationId, token: tokens.issue(scope).token });
  }
  return created;
}

serveBench(async () => {
  // Cosmos DB: the container is opened before the first turn, not by fifty of them at once.
  await store.ping();
  const { port } = await app.listen(0, '127.0.0.1');
  const fixtures = channelNames.includes('directline') ? await directLineConversations(Number(process.env.BENCH_CONVERSATIONS ?? 1000)) : undefined;
  return {
    port,
    turns: () => app.pipeline.statefulTurn.counters.turns,
    conflicts: () => app.pipeline.statefulTurn.counters.conflicts,
    ...(dir ? { storeBytes: () => diskBytes(dir) } : {}),
    ...(fixtures ? { fixtures } : {}),
    stop: async () => {
      await app.shutdown();
      cleanup();
    },
  };
}, store);
