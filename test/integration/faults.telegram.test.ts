import { MemoryStore } from '../../bots/state/memoryStore';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { deliverUntilAccepted } from '../support/faultClock';
import { assertSurvives, baseline, type Customer, type StartPlatform } from '../support/faultScenario';
import { serverUnderTest } from '../support/server';

const TOKEN = '123456:fault-token';
const SECRET = 'fault-webhook-secret';
const clock = () => new Date('2026-11-22T09:00:00Z');

let updateId = 90_000;
function update(customer: Customer, text: string) {
  updateId += 1;
  const chat = Number(customer.id);
  return { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Kim', language_code: customer.language }, text } };
}

const startTelegram: StartPlatform = async (deliveryClock) => {
  const fake = await startFakeTelegramApi(TOKEN);
  const running = await serverUnderTest(
    { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook' },
    new MemoryStore(),
    [createTelegramChannel],
    clock,
    undefined,
    // Production backoff (2 s doubling, up to 5 min), on the scaled clock.
    { delivery: { firstDelayMs: 2000, maxDelayMs: 5 * 60_000, clock: deliveryClock } },
  );
  return {
    async say(customer, text) {
      const body = JSON.stringify(update(customer, text));
      return deliverUntilAccepted(() => fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body }));
    },
    received: (customer) => fake.delivered().filter((call) => String(call.payload.chat_id) === customer.id).map((call) => String(call.payload.text ?? '')),
    setFault: (fault) => fake.setFault(fault),
    faultHits: () => fake.faultHits(),
    retryIndex: running.app.pipeline.retryIndex,
    async stop() {
      await running.stop();
      await fake.stop();
    },
  };
};

describe('Telegram faults: every message answered exactly once after the Bot API recovers', function () {
  this.timeout(90_000);
  let expected: Map<string, string[]>;
  let tuning: typeof telegramTuning.sendQueue;
  before(async () => {
    tuning = telegramTuning.sendQueue;
    // Short in-call retries and a short call timeout (wall clock), so the outbox does the waiting.
    telegramTuning.sendQueue = { attempts: 2, firstDelayMs: 10, callTimeoutMs: 300 };
    expected = await baseline(startTelegram);
  });
  after(() => {
    telegramTuning.sendQueue = tuning;
  });

  it('500 for 60 s', async () => {
    await assertSurvives(startTelegram, expected, { kind: 'status', status: 500 });
  });

  it('429 with retry_after 60 for 60 s', async () => {
    await assertSurvives(startTelegram, expected, { kind: 'status', status: 429, retryAfter: 60 });
  });

  it('connections reset for 60 s', async () => {
    await assertSurvives(startTelegram, expected, { kind: 'reset' });
  });

  it('calls hanging unanswered for 60 s', async () => {
    await assertSurvives(startTelegram, expected, { kind: 'hang' });
  });
});
