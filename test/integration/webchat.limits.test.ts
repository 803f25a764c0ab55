import assert from 'node:assert/strict';
import { startWebChatServer, type WebChatServer } from '../fakes/webchatServer';

const DL = '/v3/directline';

async function startConversation(running: WebChatServer): Promise<{ conversationId: string; token: string }> {
  const generated = (await (await fetch(`${running.baseUrl}${DL}/tokens/generate`, { method: 'POST' })).json()) as { token: string };
  const res = await fetch(`${running.baseUrl}${DL}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
  return (await res.json()) as { conversationId: string; token: string };
}

function say(running: WebChatServer, session: { conversationId: string; token: string }, text: string): Promise<Response> {
  return fetch(`${running.baseUrl}${DL}/conversations/${session.conversationId}/activities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ type: 'message', text }),
  });
}

describe('web chat: one conversation cannot flood the store', function () {
  this.timeout(30_000);
  let running: WebChatServer;
  before(async () => {
    running = await startWebChatServer();
  });
  after(() => running.stop());

  it('takes 60 activities a minute from one conversation, answers the next with 429 and Retry-After, and keeps serving others', async () => {
    const flooder = await startConversation(running);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i += 1) {
      const res = await say(running, flooder, `message ${i}`);
      statuses.push(res.status);
      if (res.status === 429) {
        assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
        assert.match(((await res.json()) as { message: string }).message, /too many activities in this conversation/);
      } else await res.body?.cancel();
    }
    assert.deepEqual(statuses, [...Array<number>(60).fill(200), 429]);

    const texts: (string | undefined)[] = [];
    for (let watermark = '0'; ; ) {
      const res = await fetch(`${running.baseUrl}${DL}/conversations/${flooder.conversationId}/activities?watermark=${watermark}`, { headers: { authorization: `Bearer ${flooder.token}` } });
      const page = (await res.json()) as { activities: { text?: string; from: { role?: string } }[]; watermark: string };
      if (page.activities.length === 0) break;
      texts.push(...page.activities.filter((a) => a.from.role === 'user').map((a) => a.text));
      watermark = page.watermark;
    }
    assert.equal(texts.length, 60, 'the refused one was not stored');
    assert.ok(!texts.includes('message 60'));

    const other = await startConversation(running);
    assert.equal((await say(running, other, 'hello')).status, 200, 'another conversation is not held back');
  });
});
