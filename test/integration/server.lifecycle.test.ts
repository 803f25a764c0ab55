import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { ChannelFactory } from '../../channels/channel';
import { guarded, jsonBody } from '../../bots/http/handlers';
import { MemoryStore } from '../../bots/state/memoryStore';
import { serverUnderTest } from '../support/server';

/**
 * A channel whose turns take a while, so a shutdown can be started while one runs. Its route
 * answers with the replies the real bot produced.
 */
const slowChannel: ChannelFactory = (deps) => {
  const adapter = new TestAdapter(deps.logic);
  deps.installPipeline(adapter);
  adapter.use(async (_context: TurnContext, next: () => Promise<void>) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await next();
  });
  return {
    id: 'slow',
    capabilities: { maxSuggestedActions: 0, reachesCustomerLater: false },
    adapter,
    registerRoutes(server) {
      server.post(
        '/slow',
        jsonBody(),
        guarded('slow', () => undefined, async (req: Request, res: Response) => {
          const { text } = req.body as { text: string };
          await adapter.processActivity({ type: ActivityTypes.Message, text, locale: 'en', channelId: 'slow' });
          res.json({ replies: adapter.activeQueue.splice(0).map((a) => a.text) });
        }),
      );
    },
  };
};

describe('server lifecycle', () => {
  it('serves /healthz and /readyz, and answers unknown routes with JSON 404', async () => {
    const running = await serverUnderTest({}, new MemoryStore(), []);
    try {
      assert.deepEqual(await (await fetch(`${running.baseUrl}/healthz`)).json(), { status: 'ok' });
      assert.deepEqual(await (await fetch(`${running.baseUrl}/readyz`)).json(), { status: 'ready' });
      const missing = await fetch(`${running.baseUrl}/no/such/route`);
      assert.equal(missing.status, 404);
      assert.equal(typeof ((await missing.json()) as { message: unknown }).message, 'string');
    } finally {
      await running.stop();
    }
  });

  it('/readyz answers 503 when the store does not answer', async () => {
    const store = new MemoryStore();
    store.ping = () => Promise.reject(new Error('down'));
    const running = await serverUnderTest({}, store, []);
    try {
      const res = await fetch(`${running.baseUrl}/readyz`);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { code: string }).code, 'StorageUnavailable');
    } finally {
      await running.stop();
    }
  });

  it('on shutdown finishes the running turn, then refuses connections and closes the store', async () => {
    const store = new MemoryStore();
    let closed = false;
    const close = store.close.bind(store);
    store.close = async () => {
      closed = true;
      await close();
    };
    const running = await serverUnderTest({}, store, [slowChannel]);
    const inFlight = fetch(`${running.baseUrl}/slow`, { method: 'POST', body: JSON.stringify({ text: 'help' }), headers: { 'content-type': 'application/json' } });
    // The server may still be training the NLU right after start; wait until the turn is running.
    for (let waited = 0; running.app.pipeline.inFlight.count === 0 && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(running.app.pipeline.inFlight.count, 1, 'the turn should be running when shutdown starts');
    const stopping = running.stop();
    const res = await inFlight;
    assert.equal(res.status, 200);
    const body = (await res.json()) as { replies: string[] };
    assert.match(body.replies[0] ?? '', /^I can help you with/);
    await stopping;
    assert.equal(closed, true);
    await assert.rejects(fetch(`${running.baseUrl}/healthz`));
  });
});
