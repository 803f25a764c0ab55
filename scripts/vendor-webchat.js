// Part of `npm run build`: copies Bot Framework Web Chat's browser bundle out of the dev dependency
// into dist/vendor/botframework-webchat/, so a production install (`npm ci --omit=dev`) serves the
// page without installing botframework-webchat and its ~475 packages. The copy keeps the package's
// name, version and licence in a package.json of its own, and the bundle's third-party licence file.
const fs = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');
/** Where the copy goes; channels/webchat/page.ts looks for it there. */
const vendorFolder = (root) => path.join(root, 'dist', 'vendor', 'botframework-webchat');
const files = ['webchat.js', 'webchat.js.LICENSE.txt'];

/** botframework-webchat's exports map hides package.json from require.resolve; its main entry is not hidden. */
function packageFolder(root) {
  let dir = path.dirname(require.resolve('botframework-webchat', { paths: [root] }));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Copies from the dev dependency installed under `from` into the build output under `to`. */
function vendorWebChat(from = projectRoot, to = from) {
  const source = packageFolder(from);
  const target = vendorFolder(to);
  const manifest = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.join(target, 'dist'), { recursive: true });
  for (const file of files) fs.copyFileSync(path.join(source, 'dist', file), path.join(target, 'dist', file));
  const record = {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    author: manifest.author,
    homepage: manifest.homepage,
    copiedFrom: `node_modules/${manifest.name}/dist`,
  };
  fs.writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

module.exports = { vendorWebChat, vendorFolder };

if (require.main === module) {
  const record = vendorWebChat();
  console.log(`Copied ${record.name} ${record.version} (${record.license}) to ${path.relative(projectRoot, vendorFolder(projectRoot))}`);
}
