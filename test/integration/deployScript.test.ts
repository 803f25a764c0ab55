import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeTelegramApi } from '../fakes/telegramApi';

const repoRoot = join(__dirname, '..', '..');
const TOKEN = '123456:deploy-test-token';
const SECRET = 'deploy_webhook-secret';
const APP = 'myshop-abc123';
const URL_BASE = `https://${APP}.azurewebsites.net`;

/**
 * A stand-in for the Azure CLI: logs each call's arguments (one JSON array per line) and answers
 * the few commands deploy.sh uses the way `az` does. FAKE_AZ_FAIL makes the named command fail.
 */
const FAKE_AZ = `#!/usr/bin/env bash
printf '%s\\n' "$(node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "$@")" >> "$FAKE_LOG"
case "$1 $2" in
  "account show") [ "$FAKE_LOGGED_IN" = "true" ] || { echo "Please run 'az login' to setup account." >&2; exit 1; } ;;
  "group exists") echo "$FAKE_GROUP_EXISTS" ;;
  "group create") ;;
  "deployment group")
    [ "$FAKE_AZ_FAIL" = "deployment" ] && { echo "ERROR: InvalidTemplateDeployment" >&2; exit 1; }
    if [ "$3" = "what-if" ]; then echo "Resource and property changes are indicated with these symbols:"; echo "Resource changes: 21 to create."; else cat "$FAKE_OUTPUTS"; fi ;;
  "webapp deploy")
    while [ "$#" -gt 0 ]; do [ "$1" = "--src-path" ] && cp "$2" "$FAKE_UPLOAD"; shift; done ;;
  *) echo "fake az: unexpected command $*" >&2; exit 3 ;;
esac
`;

/** npm as far as deploy.sh uses it: \`ci\` installs a marker package, \`run build\` writes dist/. */
const FAKE_NPM = `#!/usr/bin/env bash
printf '%s\\n' "$(node -e 'console.log(JSON.stringify([process.cwd(), ...process.argv.slice(1)]))' -- "$@")" >> "$FAKE_NPM_LOG"
case "$1" in
  ci) mkdir -p node_modules/installed-by-ci && echo '{}' > node_modules/installed-by-ci/package.json ;;
  run) [ "$2" = "build" ] && mkdir -p dist/scripts && echo 'require("../index")' > dist/scripts/switchboard.js ;;
esac
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  az: string[][];
  npm: string[][];
  dir: string;
}

function outputsJson(telegram: boolean): string {
  const value = (v: string) => ({ type: 'String', value: v });
  return JSON.stringify({
    appName: value(APP), appUrl: value(URL_BASE), webChatUrl: value(`${URL_BASE}/`), healthUrl: value(`${URL_BASE}/healthz`),
    metricsUrl: value(`${URL_BASE}/metrics`), messagingEndpoint: value(`${URL_BASE}/api/messages`),
    telegramWebhookUrl: value(telegram ? `${URL_BASE}/api/telegram/webhook` : ''), messengerWebhookUrl: value(`${URL_BASE}/api/messenger/webhook`),
    botName: value(`${APP}-bot`), keyVaultName: value('myshop-kv-abc'), cosmosEndpoint: value('https://x.documents.azure.com:443/'),
    identityClientId: value('1111'), appInsightsName: value(`${APP}-ai`), logAnalyticsWorkspaceId: value('2222'),
  });
}

/** Copies what deploy.sh needs into a scratch checkout and runs it with fake az and npm first on PATH. */
function runDeploy(args: string[], options: { parameters?: Record<string, string>; groupExists?: boolean; loggedIn?: boolean; fail?: string; telegramApi?: string } = {}): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-deploy-'));
  const repo = join(dir, 'repo');
  const bin = join(dir, 'bin');
  mkdirSync(join(repo, 'deploy'), { recursive: true });
  mkdirSync(bin);
  mkdirSync(join(repo, 'scripts'));
  for (const file of ['deploy/deploy.sh', 'deploy/azuredeploy.json', 'package.json', 'package-lock.json', 'scripts/check-node.js', 'scripts/build-if-needed.js', 'scripts/vendor-webchat.js']) cpSync(join(repoRoot, file), join(repo, file));
  for (const page of ['webchat', 'inbox']) cpSync(join(repoRoot, 'channels', page, 'public'), join(repo, 'channels', page, 'public'), { recursive: true });
  writeFileSync(join(repo, 'index.ts'), '// source files stay out of the package\n');
  writeFileSync(join(bin, 'az'), FAKE_AZ);
  writeFileSync(join(bin, 'npm'), FAKE_NPM);
  chmodSync(join(bin, 'az'), 0o755);
  chmodSync(join(bin, 'npm'), 0o755);
  const outputs = join(dir, 'outputs.json');
  writeFileSync(outputs, outputsJson(Boolean(options.parameters?.telegramBotToken)));
  const fullArgs = [...args];
  if (options.parameters) {
    const file = join(dir, 'params.json');
    writeFileSync(file, JSON.stringify({ parameters: Object.fromEntries(Object.entries(options.parameters).map(([k, v]) => [k, { value: v }])) }));
    fullArgs.push('-p', file);
  }
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    FAKE_LOG: join(dir, 'az.log'), FAKE_NPM_LOG: join(dir, 'npm.log'), FAKE_OUTPUTS: outputs, FAKE_UPLOAD: join(dir, 'uploaded.zip'),
    FAKE_GROUP_EXISTS: String(options.groupExists ?? false), FAKE_LOGGED_IN: String(options.loggedIn ?? true), FAKE_AZ_FAIL: options.fail ?? '',
    TELEGRAM_API_ROOT: options.telegramApi ?? 'http://127.0.0.1:9',
  };
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : []);
  return new Promise((resolve) => {
    execFile('bash', [join(repo, 'deploy/deploy.sh'), ...fullArgs], { env, cwd: dir }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr, az: lines(env.FAKE_LOG), npm: lines(env.FAKE_NPM_LOG), dir });
    });
  });
}

const command = (call: string[]) => call.slice(0, call[0] === 'deployment' ? 3 : 2).join(' ');
const argAfter = (call: string[] | undefined, flag: string) => (call ? call[call.indexOf(flag) + 1] : undefined);

describe('deploy/deploy.sh with a fake az on PATH', function () {
  this.timeout(60_000);
  const scratch: string[] = [];
  after(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the group, deploys the template, uploads a production zip, sets the Telegram webhook and prints the URLs', async () => {
    const telegram = await startFakeTelegramApi(TOKEN);
    try {
      const run = await runDeploy(['-g', 'shop-rg', '-l', 'northeurope'], { parameters: { namePrefix: 'myshop', telegramBotToken: TOKEN, telegramWebhookSecret: SECRET }, telegramApi: telegram.apiRoot });
      scratch.push(run.dir);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.az.map(command), ['account show', 'group create', 'deployment group create', 'webapp deploy']);
      const [, create, deployment, upload] = run.az;
      assert.equal(argAfter(create, '--name'), 'shop-rg');
      assert.equal(argAfter(create, '--location'), 'northeurope');
      assert.equal(argAfter(deployment, '--resource-group'), 'shop-rg');
      assert.match(argAfter(deployment, '--template-file') ?? '', /\/deploy\/azuredeploy\.json$/);
      assert.match(argAfter(deployment, '--parameters') ?? '', /^@\/.*params\.json$/);
      assert.equal(argAfter(upload, '--name'), APP, 'uploads to the app the deployment created');
      assert.equal(argAfter(upload, '--type'), 'zip');
      assert.ok(!JSON.stringify(run.az).includes(TOKEN), 'the bot token never appears on an az command line');

      assert.deepEqual(run.npm.map((call) => call.slice(1).join(' ')), ['ci --no-audit --no-fund', 'run build', 'ci --omit=dev --no-audit --no-fund']);
      assert.deepEqual(run.npm.map((call) => call[0] === join(run.dir, 'repo')), [true, true, false], 'builds in the checkout, installs production modules in a staging copy');
      const files = execFileSync('unzip', ['-Z1', join(run.dir, 'uploaded.zip')], { encoding: 'utf8' }).split('\n');
      for (const file of ['dist/scripts/switchboard.js', 'package.json', 'package-lock.json', 'channels/webchat/public/index.html', 'channels/inbox/public/index.html', 'channels/inbox/public/app.js', 'scripts/check-node.js', 'scripts/build-if-needed.js', 'node_modules/installed-by-ci/package.json']) {
        assert.ok(files.includes(file), `${file} in the package`);
      }
      assert.ok(!files.includes('index.ts'), 'sources stay out');

      const setWebhook = telegram.calls.filter((c) => c.method === 'setWebhook');
      assert.equal(setWebhook.length, 1);
      assert.equal(setWebhook[0]?.payload.url, `${URL_BASE}/api/telegram/webhook`);
      assert.equal(setWebhook[0]?.payload.secret_token, SECRET);
      assert.match(run.stdout, new RegExp(`Web chat: +${URL_BASE}/\\n`));
      assert.match(run.stdout, /Bot messaging: +https:\/\/myshop-abc123\.azurewebsites\.net\/api\/messages/);
      assert.match(run.stdout, /Telegram webhook: +https:\/\/.*\/api\/telegram\/webhook/);
    } finally {
      await telegram.stop();
    }
  });

  it('--what-if on an existing group runs az what-if and changes, builds and uploads nothing', async () => {
    const run = await runDeploy(['-g', 'shop-rg', '--what-if'], { groupExists: true });
    scratch.push(run.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.az.map(command), ['account show', 'group exists', 'deployment group what-if']);
    assert.deepEqual(run.npm, []);
    assert.match(run.stdout, /Resource changes: 21 to create/);
    assert.match(run.stdout, /nothing was created, built or uploaded/);
  });

  it('--what-if for a group that does not exist lists what the template would create', async () => {
    const run = await runDeploy(['--resource-group', 'new-rg', '--what-if']);
    scratch.push(run.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.az.map(command), ['account show', 'group exists']);
    assert.match(run.stdout, /\+ Microsoft\.Web\/sites\n/);
    assert.match(run.stdout, /\+ Microsoft\.KeyVault\/vaults\/secrets \(when its parameter is set\)/);
  });

  it('stops before touching Azure when the deployment would be unusable or az is not logged in', async () => {
    const noGroup = await runDeploy([]);
    assert.equal(noGroup.code, 2);
    assert.match(noGroup.stderr, /--resource-group is required/);
    const noSecret = await runDeploy(['-g', 'rg'], { parameters: { telegramBotToken: TOKEN } });
    assert.equal(noSecret.code, 1);
    assert.match(noSecret.stderr, /telegramWebhookSecret is required/);
    const loggedOut = await runDeploy(['-g', 'rg'], { loggedIn: false });
    assert.match(loggedOut.stderr, /not logged in to Azure: run az login/);
    for (const run of [noGroup, noSecret, loggedOut]) {
      scratch.push(run.dir);
      assert.deepEqual(run.az.filter((call) => command(call) !== 'account show'), []);
    }
  });

  it('uploads nothing when the template deployment fails', async () => {
    const run = await runDeploy(['-g', 'rg'], { fail: 'deployment' });
    scratch.push(run.dir);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /InvalidTemplateDeployment/);
    assert.deepEqual(run.az.map(command), ['account show', 'group create', 'deployment group create']);
    assert.deepEqual(run.npm, []);
  });
});

describe('shell scripts pass shellcheck', () => {
  for (const script of ['deploy/deploy.sh', '.ci/run']) {
    it(script, () => {
      let output: string;
      try {
        output = execFileSync('shellcheck', ['--format=gcc', join(repoRoot, script)], { encoding: 'utf8' });
      } catch (err) {
        const e = err as { code?: string; stdout?: string };
        if (e.code === 'ENOENT') assert.fail('shellcheck is not installed (apt-get install shellcheck; .ci/run does it)');
        output = e.stdout ?? String(err);
      }
      assert.equal(output, '', output);
    });
  }
});
