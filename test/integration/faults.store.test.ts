import { randomUUID } from 'node:crypto';
import { CosmosStore } from '../../bots/state/cosmosStore';
import { createTelegramChannel, telegramTuning } from '../../channels/telegram';
import { startFakeCosmos } from '../fakes/cosmosServer';
import { startTcpProxy } from '../fakes/tcpProxy';
import { startFakeTelegramApi } from '../fakes/telegramApi';
import { deliverUntilAccepted } from '../support/faultClock';
import { assertSurvives, baseline, type Customer, type StartPlatform } from '../support/faultScenario';
import { serverUnderTest } from '../support/server';

const TOKEN = '123456:store-fault-token';
const SECRET = 'store-fault-secret';
const clock = () => new Date('2026-11-22T09:00:00Z');

let updateId = 190_000;
function update(customer: Customer, text: string) {
  updateId += 1;
  const chat = Number(customer.id);
  return { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'Kim', language_code: customer.language }, text } };
}

/** Telegram on Cosmos DB (the stand-in), reached through a proxy the "fault" cuts: the store is unreachable, the Bot API fine. */
const startOnCosmos: StartPlatform = async (deliveryClock) => {
  const cosmos = await startFakeCosmos();
  const proxy = await startTcpProxy(Number(new URL(cosmos.endpoint).port));
  const store = new CosmosStore({ endpoint: `https://127.0.0.1:${proxy.port}`, key: 'test-key', databaseId: 'switchboard-test', containerId: `state-${randomUUID()}`, // Endpoint discovery would hand the client the stand-in's own address, around the proxy.
    clientOptions: { agent: cosmos.agent, connectionPolicy: { enableEndpointDiscovery: false } },
    // The outage is 30 s on a clock running 20 times fast (1.5 s here), about as long as the SDK's
    // retries of one read: its 3 s bound, scaled the same way, is 150 ms.
    readTimeoutMs: 150 });
  await store.init();
  const fake = await startFakeTelegramApi(TOKEN);
  const running = await serverUnderTest(
    { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.apiRoot, PUBLIC_URL: 'https://bot.example', TELEGRAM_MODE: 'webhook', STORAGE: 'cosmos', COSMOS_ENDPOINT: cosmos.endpoint },
    store,
    [createTelegramChannel],
    clock,
    undefined,
    { delivery: { firstDelayMs: 2000, maxDelayMs: 5 * 60_000, clock: deliveryClock } },
  );
  return {
    async say(customer, text) {
      const body = JSON.stringify(update(customer, text));
      return deliverUntilAccepted(() => fetch(`${running.baseUrl}/api/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body }));
    },
    received: (customer) => fake.delivered().filter((call) => String(call.payload.chat_id) === customer.id).map((call) => String(call.payload.text ?? '')),
    setFault: (fault) => proxy.setDown(fault !== undefined),
    faultHits: () => proxy.refused(),
    retryIndex: running.app.pipeline.retryIndex,
    async stop() {
      proxy.setDown(false);
      await running.stop();
      await fake.stop();
      await proxy.stop();
      await cosmos.stop();
    },
  };
};

describe('store faults: Cosmos DB unreachable, every message answered exactly once after it is back', function () {
  this.timeout(120_000);
  let expected: Map<string, string[]>;
  let tuning: typeof telegramTuning.sendQueue;
  before(async () => {
    tuning = telegramTuning.sendQueue;
    telegramTuning.sendQueue = { attempts: 2, firstDelayMs: 10, callTimeoutMs: 300 };
    expected = await baseline(startOnCosmos);
  });
  after(() => {
    telegramTuning.sendQueue = tuning;
  });

  it('unreachable for 30 s: the webhook answers 503 until it is back, Telegram redelivers, nothing is lost or doubled', async () => {
    // The fault is the store; the kind only has to say "on".
    await assertSurvives(startOnCosmos, expected, { kind: 'reset' }, { outageMs: 30_000, storeDown: true });
  });
});
