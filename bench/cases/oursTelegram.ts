import { startFakeTelegramApi } from '../../test/fakes/telegramApi';
import type { StoreKind } from '../lib/protocol';
import { TELEGRAM_BENCH_SECRET as SECRET, TELEGRAM_BENCH_TOKEN as TOKEN, telegramRequests } from './telegramUpdate';
import type { BenchCase } from './types';

/** Ours through the Telegram webhook; sendMessage goes to the local fake Bot API (in this process). */
export function oursTelegramCase(store: StoreKind): BenchCase {
  return {
    key: store === 'memory' ? 'ours_telegram' : `ours_telegram_${store}`,
    description: `ours, Telegram webhook + fake Bot API, ${store} store`,
    server: 'ours',
    store,
    env: { BENCH_CHANNEL: 'telegram', TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_MODE: 'webhook', PUBLIC_URL: 'https://bot.example' },
    countsTurns: true,
    async fakes() {
      const fake = await startFakeTelegramApi(TOKEN);
      return { env: { TELEGRAM_API_ROOT: fake.apiRoot }, stop: () => fake.stop() };
    },
    // Update ids must not repeat across runs against one server, or dedupe would drop them.
    requests: (_ready, conversations) => telegramRequests(conversations),
  };
}
