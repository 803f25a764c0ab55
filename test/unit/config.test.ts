import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ConfigError, ENV_VARIABLES, loadConfig } from '../../bots/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('loadConfig accepted a bad environment');
}

describe('loadConfig', () => {
  it('starts with no variables at all: port 3978, file store, English', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3978);
    assert.equal(config.env.STORAGE, 'file');
    assert.equal(config.defaultLocale, 'en');
    assert.deepEqual(config.supportedLocales, ['en', 'de', 'pl']);
  });

  describe('HOST default', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['a local start listens on this machine only', {}, '127.0.0.1'],
      ['an empty HOST (as .env.example leaves it) is a local start', { HOST: '' }, '127.0.0.1'],
      ['App Service (WEBSITE_SITE_NAME) listens on all interfaces', { WEBSITE_SITE_NAME: 'switchboard-prod' }, '0.0.0.0'],
      ['App Service (WEBSITE_INSTANCE_ID) listens on all interfaces', { WEBSITE_INSTANCE_ID: 'a1b2c3d4e5' }, '0.0.0.0'],
      ['an explicit HOST wins on App Service', { HOST: '127.0.0.1', WEBSITE_SITE_NAME: 'switchboard-prod' }, '127.0.0.1'],
      ['an explicit HOST wins locally (a container sets 0.0.0.0)', { HOST: '0.0.0.0' }, '0.0.0.0'],
    ];
    for (const [what, env, host] of cases) {
      it(`${what}: ${host}`, () => assert.equal(loadConfig(env).host, host));
    }
  });

  it('treats empty values as unset, as .env files often leave them', () => {
    assert.equal(loadConfig({ PORT: '', COSMOS_KEY: '' }).port, 3978);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['a port that is not a number', { PORT: 'eighty' }, /^PORT:/],
    ['a port out of range', { PORT: '70000' }, /^PORT:/],
    ['an unknown storage', { STORAGE: 'redis' }, /^STORAGE:/],
    ['an unsupported locale', { SUPPORTED_LOCALES: 'en,fr' }, /^SUPPORTED_LOCALES/],
    ['a default locale outside the supported ones', { SUPPORTED_LOCALES: 'de,pl' }, /^DEFAULT_LOCALE:/],
    ['an unknown time zone', { TIMEZONE: 'Mars/Olympus' }, /^TIMEZONE:/],
    ['cosmos without an endpoint', { STORAGE: 'cosmos' }, /^COSMOS_ENDPOINT:/],
    ['an endpoint that is no URL', { STORAGE: 'cosmos', COSMOS_ENDPOINT: 'localhost' }, /^COSMOS_ENDPOINT:/],
    ['a short web chat secret', { WEBCHAT_TOKEN_SECRET: 'short' }, /^WEBCHAT_TOKEN_SECRET:/],
    ['an agent with a short token', { INBOX_AGENTS: 'anna:abc' }, /^INBOX_AGENTS/],
    ['an app id without a password', { MicrosoftAppId: '00000000-0000-0000-0000-000000000001' }, /^MicrosoftAppPassword:/],
    ['a log level that does not exist', { LOG_LEVEL: 'loud' }, /^LOG_LEVEL:/],
    ['an EMAIL_FROM that is only a name', { EMAIL_FROM: 'Shop Support' }, /^EMAIL_FROM: must be an address/],
    ['an EMAIL_FROM with two addresses', { EMAIL_FROM: 'shop@example.com, sales@example.com' }, /^EMAIL_FROM:/],
    ['an EMAIL_FROM with text after the address', { EMAIL_FROM: 'Shop <shop@example.com> Support' }, /^EMAIL_FROM:/],
    ['an EMAIL_FROM with a broken address', { EMAIL_FROM: 'Shop <shop@exa mple.com>' }, /^EMAIL_FROM:/],
    ['a Key Vault reference App Service could not resolve', { TELEGRAM_BOT_TOKEN: '@Microsoft.KeyVault(VaultName=sb-kv;SecretName=telegram-bot-token)' }, /^TELEGRAM_BOT_TOKEN: still an unresolved Key Vault reference .*Key Vault Secrets User/],
    ['a Key Vault reference in SecretUri form', { METRICS_TOKEN: '@Microsoft.KeyVault(SecretUri=https://sb-kv.vault.azure.net/secrets/metrics-token/)' }, /^METRICS_TOKEN: still an unresolved Key Vault reference/],
  ];
  for (const [what, env, expected] of bad) {
    it(`rejects ${what}, naming the variable`, () => {
      const problems = problemsOf(env);
      assert.ok(problems.some((p) => expected.test(p)), `got: ${problems.join(' | ')}`);
    });
  }

  it('names every unresolved Key Vault reference at once, before any other check', () => {
    const reference = (secret: string) => `@Microsoft.KeyVault(VaultName=sb-kv;SecretName=${secret})`;
    const problems = problemsOf({ EMAIL_PASSWORD: reference('email-password'), WEBCHAT_TOKEN_SECRET: reference('webchat-token-secret'), PORT: 'eighty' });
    assert.deepEqual(problems.map((p) => p.split(':')[0]).sort(), ['EMAIL_PASSWORD', 'WEBCHAT_TOKEN_SECRET']);
  });

  it('takes EMAIL_FROM as "Name <address>" or a bare address, keeping the name apart', () => {
    assert.deepEqual(loadConfig({ EMAIL_FROM: 'Shop Support <shop@example.com>' }).env.EMAIL_FROM, { address: 'shop@example.com', name: 'Shop Support' });
    assert.deepEqual(loadConfig({ EMAIL_FROM: '"Shop, Support" <shop@example.com>' }).env.EMAIL_FROM, { address: 'shop@example.com', name: 'Shop, Support' });
    assert.deepEqual(loadConfig({ EMAIL_FROM: ' shop@example.com ' }).env.EMAIL_FROM, { address: 'shop@example.com', name: undefined });
    // A local relay's host name and an IDN domain are addresses relays take.
    assert.deepEqual(loadConfig({ EMAIL_FROM: 'Bot <bot@localhost>' }).env.EMAIL_FROM, { address: 'bot@localhost', name: 'Bot' });
    assert.deepEqual(loadConfig({ EMAIL_FROM: 'sklep@łódź.pl' }).env.EMAIL_FROM, { address: 'sklep@łódź.pl', name: undefined });
  });

  it('parses agent accounts', () => {
    const config = loadConfig({ INBOX_AGENTS: 'anna:0123456789abcdef, ben:fedcba9876543210' });
    assert.deepEqual(config.env.INBOX_AGENTS, [
      { name: 'anna', token: '0123456789abcdef' },
      { name: 'ben', token: 'fedcba9876543210' },
    ]);
  });
});

describe('.env.example', () => {
  it('documents exactly the variables loadConfig reads', async () => {
    const text = await readFile(new URL('../../.env.example', `file://${__filename}`), 'utf8');
    const documented = [...text.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]).sort();
    assert.deepEqual(documented, [...ENV_VARIABLES].sort());
  });
});
