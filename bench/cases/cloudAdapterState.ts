import type { StoreKind } from '../lib/protocol';
import { expectRepliesActivity } from './botFrameworkActivity';
import type { BenchCase } from './types';

/** Baseline (c): CloudAdapter with ConversationState + UserState and a one-step waterfall. */
export function cloudAdapterStateCase(store: StoreKind): BenchCase {
  return {
    key: store === 'memory' ? 'cloudadapter_state' : `cloudadapter_state_${store}`,
    description: `CloudAdapter + Conversation/UserState + waterfall (${store === 'memory' ? 'botbuilder MemoryStorage' : 'our file store'})`,
    server: 'cloudAdapter',
    store,
    env: { BENCH_STATE: '1' },
    countsTurns: false,
    requests: (_ready, conversations) => {
      const runTag = `state${Date.now()}`;
      return (n) => ({ path: '/api/messages', body: expectRepliesActivity(n, conversations, runTag) });
    },
  };
}
