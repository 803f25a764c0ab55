import type { StoreKind } from '../lib/protocol';
import type { BenchCase } from './types';

interface DirectLineFixture {
  conversationId: string;
  token: string;
}

function isFixtureList(value: unknown): value is DirectLineFixture[] {
  return Array.isArray(value) && value.every((entry: unknown) => typeof entry === 'object' && entry !== null && 'conversationId' in entry && 'token' in entry);
}

/** Ours through the web chat's Direct Line endpoint: POST …/conversations/:id/activities with a token. */
export function oursDirectLineCase(store: StoreKind): BenchCase {
  return {
    key: store === 'memory' ? 'ours_directline' : `ours_directline_${store}`,
    description: `ours, web chat Direct Line endpoint, ${store} store`,
    server: 'ours',
    store,
    env: { BENCH_CHANNEL: 'directline', WEBCHAT_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-0123' },
    countsTurns: true,
    requests: (ready) => {
      if (!isFixtureList(ready.fixtures) || ready.fixtures.length === 0) throw new Error('oursDirectLineCase: the server sent no conversations');
      const fixtures = ready.fixtures;
      return (n) => {
        const fixture = fixtures[n % fixtures.length] as DirectLineFixture;
        return {
          path: `/v3/directline/conversations/${encodeURIComponent(fixture.conversationId)}/activities`,
          headers: { authorization: `Bearer ${fixture.token}` },
          body: JSON.stringify({ type: 'message', text: 'hi', locale: 'en-US', from: { id: 'ignored' } }),
        };
      };
    },
  };
}
