import { expectRepliesActivity } from './botFrameworkActivity';
import type { BenchCase } from './types';

/** Baseline (b): stock CloudAdapter echo bot, replies returned with deliveryMode expectReplies. */
export const cloudAdapterEchoCase: BenchCase = {
  key: 'cloudadapter_echo',
  description: 'botbuilder CloudAdapter echo, expectReplies',
  server: 'cloudAdapter',
  env: { BENCH_STATE: '0' },
  countsTurns: false,
  requests: (_ready, conversations) => {
    const runTag = `echo${Date.now()}`;
    return (n) => ({ path: '/api/messages', body: expectRepliesActivity(n, conversations, runTag) });
  },
};
