import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StateAdapter } from 'chat' with { 'resolution-mode': 'import' };
import { CountingStore } from '../../bots/state/countingStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { TELEGRAM_BENCH_SECRET, TELEGRAM_BENCH_TOKEN, TELEGRAM_WEBHOOK_PATH, telegramUpdate } from '../cases/telegramUpdate';
import { expectSelf, postToSelf, waitFor } from '../lib/selfCheck';
import { serveBench } from '../lib/serve';
import { listenLocal } from '../lib/webServer';

/**
 * Peer: a Vercel Chat SDK bot with its Telegram adapter (webhook mode, Bot API at
 * TELEGRAM_API_ROOT, the fake) and memory state. Every direct message gets one reply carrying a
 * per-thread turn counter kept in thread state. The webhook answers before the handler runs, so
 * turns are counted once the Bot API confirmed the reply.
 */
interface ThreadTurns {
  turns: number;
}

let turns = 0;
const replies: string[] = [];

async function createBot() {
  // ESM-only packages (exports have only an "import" condition), so loaded with import().
  const { Chat, ConsoleLogger } = await import('chat');
  const { createTelegramAdapter } = await import('@chat-adapter/telegram');
  const { createMemoryState } = await import('@chat-adapter/state-memory');
  const bot = new Chat<{ telegram: ReturnType<typeof createTelegramAdapter> }, ThreadTurns>({
    userName: 'switchboard_shop_bot',
    adapters: {
      telegram: createTelegramAdapter({
        botToken: TELEGRAM_BENCH_TOKEN,
        secretToken: TELEGRAM_BENCH_SECRET,
        mode: 'webhook',
        apiUrl: process.env.TELEGRAM_API_ROOT ?? '',
        logger: new ConsoleLogger('error', 'telegram'),
      }),
    },
    // state-memory 4.41.0 carries its own copy of chat 4.41.0, whose types differ from 4.41.1's only
    // in private members; at run time it is the same contract.
    state: createMemoryState() as unknown as StateAdapter,
    logger: 'error',
    // The default ("drop") discards a message that arrives while its thread's handler runs, and
    // "queue" answers only the latest; one at a time per thread answers each, as ours does.
    concurrency: { strategy: 'concurrent', maxConcurrent: 1 },
  });
  bot.onDirectMessage(async (thread) => {
    const count = ((await thread.state)?.turns ?? 0) + 1;
    await thread.setState({ turns: count });
    const sent = await thread.post(`turn ${count}`);
    if (replies.length < 2) replies.push(sent.text);
    turns += 1;
  });
  await bot.initialize();
  return bot;
}

/** Node's request as the fetch-style Request the SDK's webhook handler takes, and its Response back. */
async function serveFetch(handler: (request: Request) => Promise<Response>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const answer = await handler(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) }));
  answer.headers.forEach((value, name) => res.setHeader(name, value));
  res.writeHead(answer.status);
  res.end(await answer.text());
}

/** Two messages of one chat: one reply each, and the second reply's counter says 2. */
async function selfCheck(port: number): Promise<void> {
  for (const updateId of [1, 2]) {
    const answer = await postToSelf(port, TELEGRAM_WEBHOOK_PATH, telegramUpdate(updateId, 1), { 'x-telegram-bot-api-secret-token': TELEGRAM_BENCH_SECRET });
    expectSelf(answer.status === 200, 'chatSdk', `webhook answered ${answer.status}: ${answer.text}`);
    await waitFor(() => turns === updateId, `chatSdk reply ${updateId}`);
  }
  expectSelf(replies.join() === 'turn 1,turn 2', 'chatSdk', `replies ${JSON.stringify(replies)} for 2 messages`);
  turns = 0;
}

serveBench(async () => {
  const bot = await createBot();
  const server = await listenLocal((req, res) =>
    void serveFetch((request) => bot.webhooks.telegram(request), req, res).catch((err: unknown) => {
      console.error('chat SDK peer: webhook failed:', err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }),
  );
  await selfCheck(server.port).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  return {
    port: server.port,
    turns: () => turns,
    stop: async () => {
      await server.close();
      await bot.shutdown();
    },
  };
}, new CountingStore(new MemoryStore()));
