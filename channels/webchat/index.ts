import type { ChannelFactory, ChannelModule } from '../channel';
import { WebChatAdapter } from './adapter';
import { ConversationLog } from './conversationLog';
import { registerDirectLineRoutes } from './directLineRoutes';
import { registerPageRoutes } from './page';
import { DirectLineStreams } from './stream';
import { TokenService } from './tokens';

/**
 * The web chat channel: an embedded Direct Line 3.0 endpoint and the page at `/`. Always enabled,
 * so `npm start` has a channel to talk to with no credentials at all.
 */
export const createWebChatChannel: ChannelFactory = (deps) => {
  const env = deps.config.env;
  const serviceUrl = env.PUBLIC_URL ?? `http://localhost:${deps.config.port}`;
  const log = new ConversationLog(deps.storage);
  const tokens = new TokenService(env.WEBCHAT_TOKEN_SECRET);
  const adapter = new WebChatAdapter(log, { id: 'bot', name: env.SHOP_NAME, role: 'bot' }, serviceUrl);
  deps.installPipeline(adapter);
  const streams = new DirectLineStreams(log, tokens, deps.logger);

  const module: ChannelModule = {
    id: 'webchat',
    capabilities: { maxSuggestedActions: 10, cards: true, maxTextLength: 10_000, proactive: true },
    adapter,
    registerRoutes(server) {
      registerPageRoutes(server);
      registerDirectLineRoutes(server, { adapter, log, tokens, logic: deps.logic, logger: deps.logger, publicUrl: env.PUBLIC_URL, serviceUrl });
      streams.attach(server);
    },
    async stop() {
      streams.close();
    },
  };
  return module;
};
