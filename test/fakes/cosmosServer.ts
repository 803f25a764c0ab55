import { createHttpsServer } from '@vercel/cosmosdb-server';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A local Cosmos DB (NoSQL REST API over HTTPS) on 127.0.0.1 for tests, with a throwaway
 * self-signed certificate made by openssl. The returned agent trusts only that certificate.
 */
export async function startFakeCosmos() {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cosmos-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'));
    const key = readFileSync(join(dir, 'key.pem'));
    const server = createHttpsServer({ keepAlive: true, cert, key });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const agent = new https.Agent({ ca: cert, keepAlive: true });
    return {
      endpoint: `https://127.0.0.1:${port}`,
      agent,
      async stop(): Promise<void> {
        agent.destroy();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
