import { startFakeTelegramApi } from '../../test/fakes/telegramApi';
import type { RunningFakes } from './types';

/** The bench's Telegram webhook: a text message update from a private chat, with its secret header. */
export const TELEGRAM_BENCH_TOKEN = '123456:bench-token';
export const TELEGRAM_BENCH_SECRET = 'bench-webhook-secret';
export const TELEGRAM_WEBHOOK_PATH = '/api/telegram/webhook';

export function telegramUpdate(updateId: number, chat: number, text = 'hi'): string {
  return JSON.stringify({
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Bench', language_code: 'en' }, text },
  });
}

/** Requests for `conversations` chats; update ids start from the clock so runs against one server never repeat them. */
export function telegramRequests(conversations: number): (n: number) => { path: string; headers: Record<string, string>; body: string } {
  const base = Date.now() % 1_000_000_000;
  return (n) => ({
    path: TELEGRAM_WEBHOOK_PATH,
    headers: { 'x-telegram-bot-api-secret-token': TELEGRAM_BENCH_SECRET },
    body: telegramUpdate(base + n, 1_000_000 + (n % conversations)),
  });
}

/** The fake Bot API every Telegram case sends to; `replies` counts the messages it took. */
export async function fakeBotApi(): Promise<RunningFakes> {
  const fake = await startFakeTelegramApi(TELEGRAM_BENCH_TOKEN);
  return { env: { TELEGRAM_API_ROOT: fake.apiRoot }, replies: () => fake.delivered().length, stop: () => fake.stop() };
}
