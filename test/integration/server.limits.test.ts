import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { MemoryStore } from '../../bots/state/memoryStore';
import { createAzureChannel } from '../../channels/azure';
import { serverUnderTest } from '../support/server';

type Running = Awaited<ReturnType<typeof serverUnderTest>>;

/** A raw connection and everything the server writes until it closes it. */
function rawConnection(running: Running): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { port } = new URL(running.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      resolve({ socket, answer: new Promise((done) => socket.on('close', () => done(answer))) });
    });
    socket.on('error', reject);
  });
}

/** A store whose ping never answers, as Cosmos DB does when the network to it hangs. */
class HangingStore extends MemoryStore {
  override ping(): Promise<void> {
    return new Promise(() => undefined);
  }
}

describe('server limits: slow clients, floods and a hanging store', function () {
  this.timeout(70_000);

  it('closes a request whose body never finishes with 408, and keeps serving others', async () => {
    // Node checks request times on a 30 s interval, so the 1 s limit here takes effect within ~30 s.
    const running = await serverUnderTest({}, new MemoryStore(), [createAzureChannel], undefined, { requestTimeoutMs: 1000 });
    try {
      const slow = await rawConnection(running);
      slow.socket.write('POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":');
      assert.equal((await fetch(`${running.baseUrl}/healthz`)).status, 200, 'others are served meanwhile');
      assert.match(await slow.answer, /^HTTP\/1\.1 408 /);
    } finally {
      await running.stop();
    }
  });

  it('closes connections past the cap as they arrive, and serves again once they are gone', async () => {
    const running = await serverUnderTest({}, new MemoryStore(), [createAzureChannel], undefined, { maxConnections: 5 });
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 5; i += 1) held.push((await rawConnection(running)).socket);
      const extra = await rawConnection(running);
      extra.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      assert.equal(await extra.answer, '', 'closed without an answer');
      for (const socket of held.splice(0)) socket.destroy();
      for (let tries = 0; tries < 50; tries += 1) {
        const status = await fetch(`${running.baseUrl}/healthz`).then((res) => res.status, () => 0);
        if (status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.fail('the server did not serve again after the connections closed');
    } finally {
      for (const socket of held) socket.destroy();
      await running.stop();
    }
  });

  it('/readyz says 503 when the store does not answer, instead of hanging', async () => {
    const running = await serverUnderTest({}, new HangingStore(), [createAzureChannel], undefined, { readinessTimeoutMs: 200 });
    try {
      const res = await fetch(`${running.baseUrl}/readyz`);
      assert.equal(res.status, 503);
      assert.match(((await res.json()) as { message: string }).message, /storage is not reachable/);
      assert.equal((await fetch(`${running.baseUrl}/healthz`)).status, 200, 'alive, only not ready');
    } finally {
      await running.stop();
    }
  });
});
