import { startFakeTelegramApi } from '../../test/fakes/telegramApi';
import { TELEGRAM_BENCH_TOKEN, telegramRequests } from './telegramUpdate';
import type { BenchCase } from './types';

/** Peer: bare telegraf webhook replying 'hello' through the fake Bot API, no state: our Telegram turn's floor. */
export const telegrafBareCase: BenchCase = {
  key: 'telegraf_bare',
  description: 'bare telegraf webhook, one sendMessage to the fake Bot API, no state',
  server: 'telegraf',
  env: {},
  countsTurns: true,
  verifiesTurns: true,
  async fakes() {
    const fake = await startFakeTelegramApi(TELEGRAM_BENCH_TOKEN);
    return { env: { TELEGRAM_API_ROOT: fake.apiRoot }, replies: () => fake.delivered().length, stop: () => fake.stop() };
  },
  requests: (_ready, conversations) => telegramRequests(conversations),
};
