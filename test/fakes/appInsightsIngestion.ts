import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One telemetry item as the Application Insights ingestion API receives it (Breeze envelope). */
export interface TelemetryEnvelope {
  name: string;
  iKey: string;
  data?: { baseType?: string; baseData?: { name?: string; responseCode?: string; success?: boolean } };
}

/**
 * A local Application Insights ingestion endpoint (`POST /v2.1/track`, gzipped JSON arrays, as the
 * Azure Monitor exporter sends them) over HTTPS with a throwaway certificate; the exporter insists
 * on https. A process trusts it with NODE_EXTRA_CA_CERTS=<certPath>.
 */
export async function startFakeIngestion() {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-ingest-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  const items: TelemetryEnvelope[] = [];
  const server = https.createServer({ cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const parsed = JSON.parse(body.toString('utf8') || '[]') as TelemetryEnvelope | TelemetryEnvelope[];
      const received = Array.isArray(parsed) ? parsed : [parsed];
      if (req.url === '/v2.1/track') items.push(...received);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: received.length, itemsAccepted: received.length, errors: [] }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `InstrumentationKey=00000000-0000-0000-0000-00000000a11c;IngestionEndpoint=https://127.0.0.1:${port}/`,
    certPath: join(dir, 'cert.pem'),
    items,
    requests: () => items.filter((item) => item.data?.baseType === 'RequestData').map((item) => item.data?.baseData ?? {}),
    async stop(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
