import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../bots/state/fileStore';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createWebChatChannel } from '../../channels/webchat';
import { TOKEN_SECRET_FILE } from '../../channels/webchat/tokenSecret';
import { generateToken } from '../support/directLineClient';
import { serverUnderTest } from '../support/server';

/** What a page reload does with the token it holds: read the conversation's activities. */
async function activities(baseUrl: string, conversationId: string, token: string): Promise<{ status: number; texts: string[] }> {
  const res = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities?watermark=0`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) {
    await res.body?.cancel();
    return { status: res.status, texts: [] };
  }
  const body = (await res.json()) as { activities: { text?: string }[] };
  return { status: 200, texts: body.activities.map((a) => a.text ?? '') };
}

async function startConversation(baseUrl: string) {
  const session = await generateToken(baseUrl, 'en-US');
  const res = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
  assert.equal(res.status, 201);
  return session;
}

// Without WEBCHAT_TOKEN_SECRET the secret used to be random per start: every open chat got 403
// after a restart. With the file store it is now generated once and kept in DATA_DIR.
describe('web chat token secret without WEBCHAT_TOKEN_SECRET', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-token-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('STORAGE=file: a token issued before a restart still opens the conversation after it', async () => {
    const env = { STORAGE: 'file', DATA_DIR: dir };
    const first = await serverUnderTest(env, new FileStore(dir), [createWebChatChannel]);
    let session: Awaited<ReturnType<typeof startConversation>>;
    try {
      session = await startConversation(first.baseUrl);
    } finally {
      await first.stop();
    }
    const second = await serverUnderTest(env, new FileStore(dir), [createWebChatChannel]);
    try {
      const after = await activities(second.baseUrl, session.conversationId, session.token);
      assert.equal(after.status, 200, 'the second instance accepts the first one\'s token');
      assert.ok(after.texts.length > 0, 'and shows the conversation so far (the greeting)');
    } finally {
      await second.stop();
    }
  });

  it('STORAGE=file: the kept secret file is readable by its owner only (mode 0600)', async () => {
    const running = await serverUnderTest({ STORAGE: 'file', DATA_DIR: dir }, new FileStore(dir), [createWebChatChannel]);
    await running.stop();
    assert.equal(statSync(join(dir, TOKEN_SECRET_FILE)).mode & 0o777, 0o600);
  });

  it('STORAGE=memory: nothing is kept, so the next start refuses the old token (403)', async () => {
    const env = { STORAGE: 'memory', DATA_DIR: dir };
    const first = await serverUnderTest(env, new MemoryStore(), [createWebChatChannel]);
    const session = await startConversation(first.baseUrl);
    const second = await serverUnderTest(env, first.storage, [createWebChatChannel]);
    try {
      assert.equal((await activities(second.baseUrl, session.conversationId, session.token)).status, 403);
      assert.equal(existsSync(join(dir, TOKEN_SECRET_FILE)), false, 'no secret file written');
    } finally {
      await second.stop();
      await first.stop();
    }
  });
});
