import restify from 'restify';
import { CountingStore } from '../../bots/state/countingStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { serveBench } from '../lib/serve';

// Baseline (a): the ceiling — restify answering 200 with a small JSON body and no body parsing.
const server = restify.createServer({ handleUncaughtExceptions: false });
server.post('/turn', (_req, res, next) => {
  res.json({ ok: true });
  return next();
});

serveBench(
  () =>
    new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, stop: async () => void server.close() }));
    }),
  new CountingStore(new MemoryStore()),
);
