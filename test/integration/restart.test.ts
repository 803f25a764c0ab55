import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../bots/state/fileStore';
import { createAzureChannel } from '../../channels/azure';
import { serverUnderTest } from '../support/server';

async function say(baseUrl: string, id: string, text: string, locale?: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id,
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      deliveryMode: 'expectReplies',
      conversation: { id: 'restart-conv' },
      from: { id: 'restart-user' },
      recipient: { id: 'bot' },
      text,
      ...(locale ? { locale } : {}),
    }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { activities: { text?: string }[] };
  return body.activities.map((a) => a.text ?? '');
}

describe('restart with the file store', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-restart-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the customer language and the processed activity ids across a restart', async () => {
    const first = await serverUnderTest({ STORAGE: 'file' }, new FileStore(dir), [createAzureChannel]);
    assert.match((await say(first.baseUrl, 'a1', 'Hallo', 'de-DE'))[0] ?? '', /^Hallo!/);
    await first.stop();

    const second = await serverUnderTest({ STORAGE: 'file' }, new FileStore(dir), [createAzureChannel]);
    try {
      // No locale on the activity: the German remembered before the restart is used.
      assert.match((await say(second.baseUrl, 'a2', 'Hilfe'))[0] ?? '', /^Ich kann Ihnen helfen/);
      // The first activity, redelivered after the restart, is not answered again.
      assert.deepEqual(await say(second.baseUrl, 'a1', 'Hallo', 'de-DE'), []);
    } finally {
      await second.stop();
    }
  });
});
