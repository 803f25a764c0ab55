import { fakeBotApi, telegramRequests } from './telegramUpdate';
import type { BenchCase } from './types';

/** Peer: bare telegraf webhook replying 'hello' through the fake Bot API, no state: our Telegram turn's floor. */
export const telegrafBareCase: BenchCase = {
  key: 'telegraf_bare',
  description: 'bare telegraf webhook, one sendMessage to the fake Bot API, no state',
  server: 'telegraf',
  env: {},
  countsTurns: true,
  verifiesTurns: true,
  fakes: fakeBotApi,
  requests: (_ready, conversations) => telegramRequests(conversations),
};
