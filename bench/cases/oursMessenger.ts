import { signatureFor } from '../../channels/messenger/signature';
import { startFakeGraphApi } from '../../test/fakes/graphApi';
import type { StoreKind } from '../lib/protocol';
import type { BenchCase } from './types';

const APP_SECRET = 'bench-app-secret';
const PAGE_ID = 'bench-page';

/**
 * Ours through the Messenger webhook; the Send API is the local fake Graph API. The webhook answers
 * before the turn runs (as Meta wants), so throughput is counted in completed turns.
 */
export function oursMessengerCase(store: StoreKind): BenchCase {
  return {
    key: store === 'memory' ? 'ours_messenger' : `ours_messenger_${store}`,
    description: `ours, Messenger webhook + fake Graph API, ${store} store`,
    server: 'ours',
    store,
    env: { BENCH_CHANNEL: 'messenger', MESSENGER_PAGE_ACCESS_TOKEN: 'bench-page-token', MESSENGER_APP_SECRET: APP_SECRET, MESSENGER_VERIFY_TOKEN: 'bench-verify' },
    countsTurns: true,
    answersBeforeTurn: true,
    async fakes() {
      const fake = await startFakeGraphApi();
      return { env: { MESSENGER_GRAPH_API_URL: fake.url }, stop: () => fake.stop() };
    },
    requests: (_ready, conversations) => {
      const runTag = `mid${Date.now()}`;
      return (n) => {
        const psid = `psid-${n % conversations}`;
        const body = JSON.stringify({
          object: 'page',
          entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: `${runTag}-${n}`, text: 'hi' } }] }],
        });
        return { path: '/api/messenger/webhook', headers: { 'x-hub-signature-256': signatureFor(body, APP_SECRET) }, body };
      };
    },
  };
}
