import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run screenshots`: refreshes docs/inbox.png, the agent inbox picture in the README, by
 * running the one browser test that takes it with its screenshot pointed at docs/. `npm test`
 * writes the same picture to test-output/ only, so running the suite never changes tracked files.
 */
const root = join(__dirname, '..');
const target = join(root, 'docs', 'inbox.png');
const modified = (): number => {
  try {
    return statSync(target).mtimeMs;
  } catch {
    return 0;
  }
};

const before = modified();
// --no-config: .mocharc.cjs lists the whole suite, and mocha would add it to the file given here.
const run = spawnSync(
  process.execPath,
  [require.resolve('mocha/bin/mocha.js'), '--no-config', '--require', 'ts-node/register/transpile-only', '--extension', 'ts', '--timeout', '90000', '--exit', 'test/e2e/inbox.browser.test.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, SWITCHBOARD_SCREENSHOT_DIR: join(root, 'docs') } },
);
if (run.status !== 0) {
  console.error(`refresh-screenshots: the inbox browser test failed (exit ${String(run.status ?? run.signal)}); docs/inbox.png is unchanged`);
  process.exit(1);
}
// A missing Chromium skips the test, which mocha counts as success: check the picture was written.
if (modified() === before) {
  console.error('refresh-screenshots: docs/inbox.png was not written (test skipped? apt-get install -y --no-install-recommends chromium)');
  process.exit(1);
}
console.log(`refresh-screenshots: wrote ${target}`);
