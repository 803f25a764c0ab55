import { fakeBotApi, telegramRequests } from './telegramUpdate';
import type { BenchCase } from './types';

/**
 * Peer: Vercel Chat SDK + its Telegram adapter and memory state, one reply per message with a
 * per-thread counter. Its webhook answers before the handler runs, so throughput is replied turns.
 */
export const chatSdkTelegramCase: BenchCase = {
  key: 'chat_sdk_telegram',
  description: 'Vercel Chat SDK Telegram adapter + memory state, fake Bot API',
  server: 'chatSdk',
  env: {},
  countsTurns: true,
  answersBeforeTurn: true,
  verifiesTurns: true,
  fakes: fakeBotApi,
  requests: (_ready, conversations) => telegramRequests(conversations),
};
