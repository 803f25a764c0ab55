import { startFakeTelegramApi } from '../../test/fakes/telegramApi';
import type { StoreKind } from '../lib/protocol';
import type { BenchCase } from './types';

const TOKEN = '123456:bench-token';
const SECRET = 'bench-webhook-secret';

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
    requests: (_ready, conversations) => {
      // Update ids must not repeat across runs against one server, or dedupe would drop them.
      const base = Date.now() % 1_000_000_000;
      return (n) => {
        const chat = 1_000_000 + (n % conversations);
        const updateId = base + n;
        return {
          path: '/api/telegram/webhook',
          headers: { 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify({
            update_id: updateId,
            message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Bench', language_code: 'en' }, text: 'hi' },
          }),
        };
      };
    },
  };
}
