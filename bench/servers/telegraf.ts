import { Telegraf } from 'telegraf';
import { CountingStore } from '../../bots/state/countingStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { TELEGRAM_BENCH_SECRET, TELEGRAM_BENCH_TOKEN, TELEGRAM_WEBHOOK_PATH, telegramUpdate } from '../cases/telegramUpdate';
import { expectSelf, postToSelf } from '../lib/selfCheck';
import { serveBench } from '../lib/serve';
import { listenLocal } from '../lib/webServer';

/**
 * Peer: bare telegraf in webhook mode answering every message with one sendMessage to the Bot API
 * (TELEGRAM_API_ROOT, the fake), as our Telegram channel configures it (webhookReply off); no state.
 * The floor our Telegram turn is compared with.
 */
const bot = new Telegraf(TELEGRAM_BENCH_TOKEN, { telegram: { apiRoot: process.env.TELEGRAM_API_ROOT ?? '', webhookReply: false } });
let turns = 0;
const replies: string[] = [];
bot.on('message', async (ctx) => {
  const sent = await ctx.reply('hello');
  // Counted once the Bot API confirmed the message; the first two are the self-check's.
  if (replies.length < 2) replies.push(sent.text);
  turns += 1;
});
bot.catch((err) => console.error('telegraf peer: turn failed:', err));
const webhook = bot.webhookCallback(TELEGRAM_WEBHOOK_PATH, { secretToken: TELEGRAM_BENCH_SECRET });

/** Two messages of one chat, each answered after exactly one reply the Bot API took. */
async function selfCheck(port: number): Promise<void> {
  for (const updateId of [1, 2]) {
    const answer = await postToSelf(port, TELEGRAM_WEBHOOK_PATH, telegramUpdate(updateId, 1), { 'x-telegram-bot-api-secret-token': TELEGRAM_BENCH_SECRET });
    expectSelf(answer.status === 200, 'telegraf', `webhook answered ${answer.status}: ${answer.text}`);
  }
  expectSelf(turns === 2 && replies.join() === 'hello,hello', 'telegraf', `${turns} replies for 2 messages: ${JSON.stringify(replies)}`);
  turns = 0;
}

serveBench(async () => {
  const server = await listenLocal((req, res) => void webhook(req, res));
  await selfCheck(server.port).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  return { port: server.port, turns: () => turns, stop: () => server.close() };
}, new CountingStore(new MemoryStore()));
