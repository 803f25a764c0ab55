import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webChatFolder } from '../../channels/webchat/page';

const repoRoot = join(__dirname, '..', '..');
// A plain-JS build script (it runs before anything is compiled), loaded as the build loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vendor = require('../../scripts/vendor-webchat.js') as {
  vendorWebChat(from: string, to: string): { name: string; version: string; license: string };
};

/** A folder outside the repository, so no node_modules above it holds botframework-webchat. */
function productionRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'switchboard-prod-'));
  writeFileSync(join(root, 'package.json'), '{"name":"switchboard-production-copy"}');
  return root;
}
const vendoredIn = (root: string) => join(root, 'dist', 'vendor', 'botframework-webchat');
/** The installed dev dependency, as a run from source finds it. */
const installed = () => webChatFolder({ root: repoRoot });

describe('Web Chat as a build-time asset (production installs do not install botframework-webchat)', () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('the build copies the bundle, its licence file and a record of name, version and licence into dist/vendor', () => {
    const root = productionRoot();
    roots.push(root);
    const record = vendor.vendorWebChat(repoRoot, root);
    const source = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')) as { version: string };
    const folder = join(root, 'dist', 'vendor', 'botframework-webchat');
    assert.deepEqual(
      { name: record.name, version: record.version, license: record.license },
      { name: 'botframework-webchat', version: source.version, license: 'MIT' },
    );
    assert.deepEqual(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).version, source.version);
    assert.ok(statSync(join(folder, 'dist', 'webchat.js')).size > 1_000_000, 'the whole bundle');
    assert.match(readFileSync(join(folder, 'dist', 'webchat.js.LICENSE.txt'), 'utf8'), /license/i);
  });

  it('a server without the dev dependency serves the copy from the build output', () => {
    const root = productionRoot();
    roots.push(root);
    vendor.vendorWebChat(repoRoot, root);
    const folder = webChatFolder({ vendored: vendoredIn(root), root });
    assert.equal(folder, vendoredIn(root));
    assert.ok(readFileSync(join(folder, 'dist', 'webchat.js')).equals(readFileSync(join(installed(), 'dist', 'webchat.js'))));
  });

  it('from source it serves the installed package, not a copy a past build left in dist/', () => {
    assert.match(installed(), /node_modules\/botframework-webchat$/);
  });

  it('with neither the copy nor the package it says to run the build', () => {
    const root = productionRoot();
    roots.push(root);
    assert.throws(() => webChatFolder({ vendored: vendoredIn(root), root }), /webChatFolder\(\): Web Chat is neither in .*dist\/vendor\/botframework-webchat nor installed; run `npm run build`/);
  });
});
