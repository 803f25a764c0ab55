import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import type { ChannelFactory, ChannelModule } from '../channel';
import { WebChatAdapter } from './adapter';
import { ConversationLog } from './conversationLog';
import { registerDirectLineRoutes } from './directLineRoutes';
import { registerPageRoutes } from './page';
import { DirectLineStreams } from './stream';
import { webChatTokenSecret } from './tokenSecret';
import { TokenService } from './tokens';
import { WEBCHAT_CAPABILITIES } from './renderer';

/** PUBLIC_URL when set; otherwise the address the server listens on (the port may be ephemeral). */
function ownOrigin(publicUrl: string | undefined, fallbackPort: number, server: () => Server | undefined): () => string {
  if (publicUrl) {
    const origin = new URL(publicUrl).origin;
    return () => origin;
  }
  return () => {
    const address = server()?.server.address() as AddressInfo | string | null | undefined;
    if (!address || typeof address === 'string') return `http://localhost:${fallbackPort}`;
    const host = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  };
}

/** A closed tab cannot be written to: a message left after hours asks how to reach the customer. */

/**
 * The web chat channel: an embedded Direct Line 3.0 endpoint and the page at `/`. Always enabled,
 * so `npm start` has a channel to talk to with no credentials at all.
 */
export const createWebChatChannel: ChannelFactory = (deps) => {
  const env = deps.config.env;
  let attached: Server | undefined;
  const log = new ConversationLog(deps.storage);
  const tokens = new TokenService(webChatTokenSecret(env, deps.logger));
  const origin = ownOrigin(env.PUBLIC_URL, deps.config.port, () => attached);
  const adapter = new WebChatAdapter(log, { id: 'bot', name: env.SHOP_NAME, role: 'bot' }, origin);
  deps.installPipeline(adapter);
  const streams = new DirectLineStreams(log, tokens, deps.logger);

  const module: ChannelModule = {
    id: 'webchat',
    capabilities: WEBCHAT_CAPABILITIES,
    adapter,
    async ownsConversation(reference) {
      const id = reference.conversation?.id;
      return id !== undefined && (await log.header(id)) !== undefined;
    },
    registerRoutes(server, upgrades) {
      attached = server;
      registerPageRoutes(server, { shopName: env.SHOP_NAME, locales: deps.config.supportedLocales, defaultLocale: deps.config.defaultLocale });
      registerDirectLineRoutes(server, { adapter, log, tokens, logic: deps.logic, logger: deps.logger, publicUrl: env.PUBLIC_URL });
      streams.attach(upgrades);
    },
    async stop() {
      streams.close();
    },
  };
  return module;
};
