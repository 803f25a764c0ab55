import type { BotAdapter, ConversationReference, TurnContext } from '../bots/botFramework';
import type { Server } from 'restify';
import type { StateNamespace } from '../bots/state/stateKeys';
import type { UpgradeRouter } from '../bots/upgradeRouter';
import type { Config } from '../bots/config';
import type { DirectMailer } from '../bots/directMail';
import type { Logger } from '../bots/logger';
import type { Metrics } from '../bots/observability/metrics';
import type { ManagedStorage } from '../bots/state/types';

/** The bot's turn logic, as every adapter calls it (ActivityHandler.run). */
export type TurnLogic = (context: TurnContext) => Promise<void>;

/** What a channel can do that the rest of the bot acts on; anything else its renderer degrades (design.md). */
export interface ChannelCapabilities {
  /**
   * Suggested actions the channel shows as buttons; more become numbered lines (channels/shared/
   * numberedOptions.ts), 0 when the platform has no buttons. Read by the channel's renderer.
   */
  maxSuggestedActions: number;
  /**
   * The customer can still be written to once they have gone (closed the page): a chat app or a
   * mailbox keeps the conversation, a browser tab does not. The dialogs get it through turn state
   * (bots/pipeline/channelTraits.ts), e.g. to ask for an e-mail address when a message is left.
   */
  reachesCustomerLater: boolean;
}

/** In `ChannelModule.channelIds`: every channel id that no other module claims (Azure Bot Service relays many). */
export const ANY_BOT_FRAMEWORK_CHANNEL = '*';

/** Everything the composition root hands a channel when it builds it. */
export interface ChannelDeps {
  config: Config;
  storage: ManagedStorage;
  logger: Logger;
  logic: TurnLogic;
  /** Outbound failures and queue depths; absent in tests that build a channel by hand. */
  metrics?: Metrics;
  /**
   * Installs the shared turn pipeline (dedupe, lock, locale, state) and the onTurnError policy.
   * A module whose activities carry channel ids it did not authenticate passes `stateNamespace`.
   */
  installPipeline(adapter: BotAdapter, options?: { stateNamespace?: StateNamespace }): void;
}

/**
 * One channel: its adapter, the routes it serves and its lifecycle. Adding a channel is a folder
 * under channels/ exporting a ChannelFactory plus one line in channels/registry.ts.
 */
export interface ChannelModule {
  readonly id: string;
  /**
   * The Bot Framework channel ids this module's activities carry, when they differ from `id`
   * (Messenger stamps `facebook`; Azure Bot Service relays many: ANY_BOT_FRAMEWORK_CHANNEL). The
   * agent inbox finds a conversation's adapter by them.
   */
  readonly channelIds?: readonly string[];
  readonly capabilities: ChannelCapabilities;
  readonly adapter: BotAdapter;
  /**
   * Whether a conversation reference is one of this module's own, where a channel id alone cannot
   * tell (Azure Bot Service's Web Chat also says `webchat`). Proactive sends ask before running a turn.
   */
  ownsConversation?(reference: Partial<ConversationReference>): Promise<boolean>;
  /** HTTP routes on `server`; WebSocket upgrades only through `upgrades`, which refuses the rest. */
  registerRoutes(server: Server, upgrades: UpgradeRouter): void;
  /** Sends a mail outside any conversation (verification codes); only the e-mail channel has one. */
  readonly mailer?: DirectMailer;
  /** Connects outward (polling, IMAP, webhook registration); called after the server listens. */
  start?(): Promise<void>;
  /** Stops taking new work and finishes in-flight work. */
  stop?(): Promise<void>;
}

/** Builds a channel, or returns undefined when its credentials are not configured. */
export type ChannelFactory = (deps: ChannelDeps) => ChannelModule | undefined;
