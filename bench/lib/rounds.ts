import type { CaseResult } from './runCase';

/**
 * Each case's median round by CPU per turn (the figure other load disturbs least), so one noisy
 * round does not decide a same-run ratio. Keeps the cases' order of first appearance.
 */
export function medianRounds(rounds: CaseResult[][]): CaseResult[] {
  const byKey = new Map<string, CaseResult[]>();
  for (const round of rounds) for (const result of round) byKey.set(result.key, [...(byKey.get(result.key) ?? []), result]);
  return [...byKey.values()].map((results) => {
    const sorted = [...results].sort((a, b) => a.cpuUsPerTurn - b.cpuUsPerTurn);
    return sorted[Math.floor((sorted.length - 1) / 2)] as CaseResult;
  });
}
