import type { StoreKind } from '../lib/protocol';
import { expectRepliesActivity } from './botFrameworkActivity';
import type { BenchCase } from './types';

/** Ours through POST /api/messages with expectReplies: the same protocol as the baselines. */
export function oursApiMessagesCase(store: StoreKind): BenchCase {
  return {
    key: store === 'memory' ? 'ours_api_messages' : `ours_api_messages_${store}`,
    description: `ours, /api/messages expectReplies, ${store} store`,
    server: 'ours',
    store,
    env: { BENCH_CHANNEL: 'api_messages' },
    countsTurns: true,
    requests: (_ready, conversations) => {
      const runTag = `api${Date.now()}`;
      return (n) => ({ path: '/api/messages', body: expectRepliesActivity(n, conversations, runTag) });
    },
  };
}
