import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The plain-JS script npm runs before install and start (nothing is compiled at that point).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeVersionProblem } = require('../../scripts/check-node.js') as { nodeVersionProblem(version: string): string | undefined };

describe('the Node.js version check before npm install and npm start', () => {
  it('refuses Node 20 (end of life) and older with a message naming the version needed and the one found', () => {
    for (const old of ['v20.20.2', 'v18.19.0', 'v21.7.3', 'v22.12.0']) {
      assert.match(nodeVersionProblem(old) ?? '', new RegExp(`needs Node\\.js 22\\.13 or newer .*this is Node\\.js ${old.replace(/\./g, '\\.')}`));
    }
  });

  it('accepts Node 22.13 and later, 24 and 26', () => {
    for (const current of ['v22.13.0', 'v22.23.5', 'v23.0.0', 'v24.22.3', 'v26.1.0']) assert.equal(nodeVersionProblem(current), undefined);
  });

  it('exits 0 under the Node running these tests, which CI installs (22 or 24)', () => {
    execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'check-node.js')]);
  });
});
