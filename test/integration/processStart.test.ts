import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeIngestion } from '../fakes/appInsightsIngestion';

const repoRoot = join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `index.ts` as `npm start` runs it (through ts-node here), with only the given environment. */
function startProcess(env: Record<string, string>, cwd = repoRoot): Started {
  const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), join(repoRoot, 'index.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', TS_NODE_PROJECT: join(repoRoot, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function listeningUrl(started: Started, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /"url":"(http:\/\/[^"]+)"/.exec(started.stdout());
    if (match?.[1]) return match[1];
    if (started.child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${started.stdout()}\n${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the server process (index.ts)', function () {
  this.timeout(60_000);

  it('refuses to start while a setting is still an unresolved Key Vault reference, naming it', async () => {
    const started = startProcess({ TELEGRAM_BOT_TOKEN: '@Microsoft.KeyVault(VaultName=shop-kv;SecretName=telegram-bot-token)' });
    assert.equal(await started.exited, 1);
    assert.match(started.stderr(), /TELEGRAM_BOT_TOKEN: still an unresolved Key Vault reference \(@Microsoft\.KeyVault\(VaultName=shop-kv;SecretName=telegram-bot-token\)\)/);
    assert.doesNotMatch(started.stdout(), /listening/);
  });

  it('reads .env from the folder it starts in, and the real environment wins over it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-dotenv-'));
    try {
      writeFileSync(join(folder, '.env'), '# a comment\nTELEGRAM_BOT_TOKEN="@Microsoft.KeyVault(VaultName=kv;SecretName=tg)"\n');
      const refused = startProcess({}, folder);
      assert.equal(await refused.exited, 1);
      assert.match(refused.stderr(), /TELEGRAM_BOT_TOKEN: still an unresolved Key Vault reference \(@Microsoft\.KeyVault\(VaultName=kv;SecretName=tg\)\)/);
      const started = startProcess({ TELEGRAM_BOT_TOKEN: '' }, folder);
      const url = await listeningUrl(started);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      started.child.kill('SIGTERM');
      assert.equal(await started.exited, 0, started.stderr());
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('exports its requests to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set, flushing on SIGTERM', async () => {
    const ingestion = await startFakeIngestion();
    // The distro's default sampler keeps at most 5 traces a second, which can drop one of two
    // back-to-back requests; the standard OpenTelemetry variable turns sampling off for the test.
    const started = startProcess({ APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString, NODE_EXTRA_CA_CERTS: ingestion.certPath, OTEL_TRACES_SAMPLER: 'always_on' });
    try {
      const url = await listeningUrl(started);
      assert.match(started.stdout(), /Application Insights export enabled/);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      assert.equal((await fetch(`${url}/no-such-route`)).status, 404);
      started.child.kill('SIGTERM');
      assert.equal(await started.exited, 0, started.stderr());
      const requests = ingestion.requests();
      assert.ok(requests.some((r) => r.name === 'GET /healthz' && r.responseCode === '200'), JSON.stringify(requests));
      assert.ok(requests.some((r) => r.responseCode === '404'), JSON.stringify(requests));
    } finally {
      started.child.kill('SIGKILL');
      await ingestion.stop();
    }
  });
});
