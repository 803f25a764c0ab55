import { CountingStore } from '../../bots/state/countingStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { startFakeCosmos } from '../../test/fakes/cosmosServer';
import { serveBench } from '../lib/serve';

/**
 * The Cosmos DB stand-in (@vercel/cosmosdb-server, HTTPS) in a process of its own, so its CPU is
 * measured apart from our servers'. Its fixtures tell the bench where it is and which certificate
 * to trust; the store serveBench counts is unused (this process is the store).
 */
serveBench(async () => {
  const cosmos = await startFakeCosmos();
  const ca = cosmos.agent.options.ca;
  if (ca === undefined) throw new Error('bench/servers/cosmos.ts: the stand-in agent has no CA');
  const caPem = (Array.isArray(ca) ? ca : [ca]).map((entry: string | Buffer) => entry.toString()).join('\n');
  return { port: Number(new URL(cosmos.endpoint).port), fixtures: { endpoint: cosmos.endpoint, caPem }, stop: () => cosmos.stop() };
}, new CountingStore(new MemoryStore()));
