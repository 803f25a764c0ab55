import { MemoryStore } from '../../bots/state/memoryStore';
import { createMessengerChannel, messengerTuning } from '../../channels/messenger';
import { signatureFor } from '../../channels/messenger/signature';
import { startFakeGraphApi } from '../fakes/graphApi';
import { deliverUntilAccepted } from '../support/faultClock';
import { assertSurvives, baseline, CUSTOMERS, type Customer, type StartPlatform } from '../support/faultScenario';
import { serverUnderTest } from '../support/server';

const SECRET = 'fault-app-secret';
const PAGE = '5566778899';
const clock = () => new Date('2026-11-22T09:00:00Z');
const LOCALES = { en: 'en_US', de: 'de_DE', pl: 'pl_PL' } as const;

let mid = 0;
function event(customer: Customer, text: string) {
  mid += 1;
  return { object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: customer.id }, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid: `m.fault.${mid}`, text } }] }] };
}

const startMessenger: StartPlatform = async (deliveryClock) => {
  const graph = await startFakeGraphApi();
  for (const customer of CUSTOMERS) graph.setProfile(customer.id, { first_name: 'Kim', locale: LOCALES[customer.language] });
  const running = await serverUnderTest(
    { MESSENGER_PAGE_ACCESS_TOKEN: 'page-token', MESSENGER_APP_SECRET: SECRET, MESSENGER_VERIFY_TOKEN: 'verify', MESSENGER_GRAPH_API_URL: graph.url },
    new MemoryStore(),
    [createMessengerChannel],
    clock,
    undefined,
    { delivery: { firstDelayMs: 2000, maxDelayMs: 5 * 60_000, clock: deliveryClock } },
  );
  return {
    async say(customer, text) {
      const raw = JSON.stringify(event(customer, text));
      return deliverUntilAccepted(() => fetch(`${running.baseUrl}/api/messenger/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureFor(raw, SECRET) }, body: raw }));
    },
    received: (customer) => graph.delivered().filter((sent) => sent.recipient.id === customer.id).map((sent) => (sent.message && 'text' in sent.message ? String(sent.message.text) : JSON.stringify(sent.message))),
    setFault: (fault) => graph.setFault(fault),
    faultHits: () => graph.faultHits(),
    retryIndex: running.app.pipeline.retryIndex,
    async stop() {
      await running.stop();
      await graph.stop();
    },
  };
};

describe('Messenger faults: every message answered exactly once after the Send API recovers', function () {
  this.timeout(90_000);
  let expected: Map<string, string[]>;
  let tuning: typeof messengerTuning.client;
  before(async () => {
    tuning = messengerTuning.client;
    messengerTuning.client = { attempts: 2, firstDelayMs: 10, callTimeoutMs: 300 };
    expected = await baseline(startMessenger);
  });
  after(() => {
    messengerTuning.client = tuning;
  });

  it('500 for 60 s', async () => {
    await assertSurvives(startMessenger, expected, { kind: 'status', status: 500 });
  });

  it('429 (rate limited, code 4) for 60 s', async () => {
    await assertSurvives(startMessenger, expected, { kind: 'status', status: 429 });
  });

  it('connections reset for 60 s', async () => {
    await assertSurvives(startMessenger, expected, { kind: 'reset' });
  });

  it('calls hanging unanswered for 60 s', async () => {
    await assertSurvives(startMessenger, expected, { kind: 'hang' });
  });
});
