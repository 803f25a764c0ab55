import { oursApiMessagesCase } from './cases/oursApiMessages';
import { spawnServer } from './lib/child';
import { runLoad } from './lib/load';

export interface RssSample {
  turns: number;
  rssMb: number;
  heapUsedMb: number;
}

export interface RssOverTurns {
  turns: number;
  samples: RssSample[];
  /** RSS at the end relative to the first sample after the first tenth of the turns. */
  growthPercent: number;
  flat: boolean;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Our /api/messages turn `total` times over the same conversations, sampling RSS as it goes. */
export async function measureRssOverTurns(total: number, conversations: number, connections: number): Promise<RssOverTurns> {
  const benchCase = oursApiMessagesCase('memory');
  const server = await spawnServer(benchCase.server, { env: { ...benchCase.env, BENCH_STORE: 'memory' } });
  const samples: RssSample[] = [];
  const sample = async () => {
    const stats = await server.stats();
    samples.push({ turns: stats.turns ?? 0, rssMb: mb(stats.rssBytes), heapUsedMb: mb(stats.heapUsedBytes) });
  };
  try {
    await sample();
    const sampler = setInterval(() => void sample(), 1000);
    await runLoad({ port: server.port, connections, amount: total, request: benchCase.requests(server.ready, conversations) });
    clearInterval(sampler);
    await sample();
  } finally {
    await server.stop();
  }
  const last = samples[samples.length - 1];
  const reference = samples.find((s) => s.turns >= total / 10) ?? samples[0];
  const growthPercent = last && reference ? Math.round(((last.rssMb - reference.rssMb) / reference.rssMb) * 1000) / 10 : 0;
  return { turns: last?.turns ?? 0, samples, growthPercent, flat: growthPercent < 10 };
}
