import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { ClientReusingAuthentication } from '../../channels/azure/reusedClients';
import { RouteCloudAdapter } from '../../channels/azure/routeAdapter';

describe('RouteCloudAdapter (anonymous, as with the Emulator)', () => {
  const adapter = new RouteCloudAdapter(new ClientReusingAuthentication({}), '');
  const activity = {
    type: 'message',
    id: 'a-1',
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    conversation: { id: 'c-1' },
    from: { id: 'u-1' },
    recipient: { id: 'bot' },
    text: 'hi',
    timestamp: '2026-11-22T09:00:00.000Z',
    deliveryMode: 'expectReplies',
  } as unknown as Activity;

  it('hands the turn Dates for the ISO timestamps, as CloudAdapter.process does, and keeps the raw text', async () => {
    let seen: (Partial<Activity> & { rawTimestamp?: unknown }) | undefined;
    await adapter.handle('', activity, async (context) => {
      seen = context.activity;
    });
    assert.ok(seen?.timestamp instanceof Date);
    assert.equal(seen.timestamp.toISOString(), '2026-11-22T09:00:00.000Z');
    assert.equal(seen.rawTimestamp, '2026-11-22T09:00:00.000Z');
  });

  it('answers expectReplies with the replies of the turn', async () => {
    const answer = await adapter.handle('', activity, async (context) => {
      await context.sendActivity('hello back');
    });
    assert.equal(answer?.status, 200);
    const body = answer?.body as { activities: { text?: string }[] };
    assert.deepEqual(body.activities.map((a) => a.text), ['hello back']);
  });
});
