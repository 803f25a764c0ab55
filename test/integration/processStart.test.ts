import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeIngestion } from '../fakes/appInsightsIngestion';
import { listeningUrl, startProcess } from '../support/serverProcess';

describe('the server process (switchboard start)', function () {
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
