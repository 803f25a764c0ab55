import type { BenchCase } from './types';

/** Baseline (a): bare restify answering 200, the ceiling for any route on this machine. */
export const restifyCase: BenchCase = {
  key: 'restify',
  description: 'bare restify, 200 + small JSON',
  server: 'restify',
  env: {},
  countsTurns: false,
  requests: () => (n) => ({ path: '/turn', body: JSON.stringify({ n }) }),
};
