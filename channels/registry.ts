import type { ChannelFactory } from './channel';
import { createAzureChannel } from './azure';
import { createEmailChannel } from './email';
import { createMessengerChannel } from './messenger';
import { createTelegramChannel } from './telegram';
import { createWebChatChannel } from './webchat';

/** Every channel the server can run; each factory decides from the config whether it is enabled. */
export const channelFactories: readonly ChannelFactory[] = [createWebChatChannel, createAzureChannel, createMessengerChannel, createTelegramChannel, createEmailChannel];
