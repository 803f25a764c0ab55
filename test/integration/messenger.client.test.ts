import assert from 'node:assert/strict';
import { GraphApiError, GraphClient } from '../../channels/messenger/client';
import { startFakeGraphApi } from '../fakes/graphApi';

describe('Graph Send API client', () => {
  let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
  let client: GraphClient;
  beforeEach(async () => {
    graph = await startFakeGraphApi();
    client = new GraphClient({ graphApiUrl: graph.url, pageAccessToken: 't', attempts: 4, firstDelayMs: 10 });
  });
  afterEach(() => graph.stop());

  const message = { recipient: { id: 'p1' }, messaging_type: 'RESPONSE' as const, message: { text: 'hi' } };

  it('retries rate limits (613, 429) and 5xx, then succeeds', async () => {
    graph.failNext(400, 613);
    graph.failNext(429, 4);
    graph.failNext(503, 2);
    const sent = await client.send(message);
    assert.match(sent.message_id ?? '', /^m_/);
    assert.equal(graph.calls.length, 4);
  });

  it('does not retry a permanent error and reports Graph\'s code and subcode', async () => {
    graph.failNext(400, 551, 1, 1545041);
    await assert.rejects(client.send(message), (err: unknown) => {
      assert.ok(err instanceof GraphApiError);
      assert.equal(err.code, 551);
      assert.equal(err.subcode, 1545041);
      assert.equal(err.retryable, false);
      return true;
    });
    assert.equal(graph.calls.length, 1);
  });

  it('gives up after the configured attempts on a lasting outage', async () => {
    graph.failNext(500, 2, 10);
    await assert.rejects(client.send(message), GraphApiError);
    assert.equal(graph.calls.length, 4);
  });
});
