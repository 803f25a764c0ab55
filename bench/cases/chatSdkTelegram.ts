import { startFakeTelegramApi } from '../../test/fakes/telegramApi';
import { TELEGRAM_BENCH_TOKEN, telegramRequests } from './telegramUpdate';
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
  async fakes() {
    const fake = await startFakeTelegramApi(TELEGRAM_BENCH_TOKEN);
    return { env: { TELEGRAM_API_ROOT: fake.apiRoot }, replies: () => fake.delivered().length, stop: () => fake.stop() };
  },
  requests: (_ready, conversations) => telegramRequests(conversations),
};
