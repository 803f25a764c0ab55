import { expectRepliesActivity } from './botFrameworkActivity';
import type { BenchCase } from './types';

/**
 * Peer: Microsoft 365 Agents SDK (AgentApplication, MemoryStorage conversation state) on its
 * express handler; the SDK honours expectReplies, so the reply comes back in the HTTP answer, as
 * with cloudadapter_state.
 */
export const agentsSdkCase: BenchCase = {
  key: 'agents_sdk_state',
  description: 'Microsoft 365 Agents SDK AgentApplication + conversation state, express, expectReplies',
  server: 'agentsSdk',
  env: {},
  countsTurns: true,
  verifiesTurns: true,
  requests: (_ready, conversations) => {
    const runTag = `agents${Date.now()}`;
    return (n) => ({ path: '/api/messages', body: expectRepliesActivity(n, conversations, runTag) });
  },
};
