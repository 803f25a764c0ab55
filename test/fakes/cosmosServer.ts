import { createHttpsServer } from '@vercel/cosmosdb-server';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The status to answer a request with instead of serving it (a throttled or failing service), or undefined to serve it. */
export type CosmosFault = (request: IncomingMessage) => number | undefined;

/**
 * A local Cosmos DB (NoSQL REST API over HTTPS) on 127.0.0.1 for tests, with a throwaway
 * self-signed certificate made by openssl. The returned agent trusts only that certificate.
 * `fault` may answer chosen requests with an error status, as the service does when it is overloaded.
 */
export async function startFakeCosmos(fault?: CosmosFault) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cosmos-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'));
    const key = readFileSync(join(dir, 'key.pem'));
    const server = createHttpsServer({ keepAlive: true, cert, key });
    if (fault) refuseWith(server, fault);
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

/** Puts `fault` in front of the stand-in's own request handler. */
function refuseWith(server: Server, fault: CosmosFault): void {
  const handlers = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const status = fault(request);
    if (status === undefined) {
      for (const handler of handlers) handler(request, response);
      return;
    }
    request.resume();
    response.writeHead(status, { 'content-type': 'application/json', 'x-ms-activity-id': 'fault', 'x-ms-substatus': '0' });
    response.end(JSON.stringify({ code: status === 503 ? 'ServiceUnavailable' : 'Error', message: 'refused by the test' }));
  });
}
