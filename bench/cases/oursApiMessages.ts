import type { StoreKind } from '../lib/protocol';
import { expectRepliesActivity } from './botFrameworkActivity';
import type { BenchCase } from './types';

/**
 * Ours through POST /api/messages with expectReplies: the same protocol as the baselines. `logged`:
 * with the per-turn info log line written as in production (to /dev/null), to price logging.
 */
export function oursApiMessagesCase(store: StoreKind, logged = false): BenchCase {
  return {
    key: `ours_api_messages${store === 'memory' ? '' : `_${store}`}${logged ? '_logged' : ''}`,
    description: `ours, /api/messages expectReplies, ${store} store${logged ? ', info log lines' : ''}`,
    server: 'ours',
    store,
    env: { BENCH_CHANNEL: 'api_messages', ...(logged ? { BENCH_LOG_LEVEL: 'info' } : {}) },
    countsTurns: true,
    requests: (_ready, conversations) => {
      const runTag = `api${Date.now()}`;
      return (n) => ({ path: '/api/messages', body: expectRepliesActivity(n, conversations, runTag) });
    },
  };
}
