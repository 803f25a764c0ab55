// Runs before `npm start`: compiles with tsc only when a source file is newer than the build,
// so a fresh clone builds once and later starts are instant.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vendor = require('./vendor-webchat');

const root = path.resolve(__dirname, '..');
const output = path.join(root, 'dist', 'scripts', 'switchboard.js');
const sourceDirs = ['bots', 'dialogs', 'channels'];

function newestSource() {
  let newest = Math.max(fs.statSync(path.join(root, 'index.ts')).mtimeMs, fs.statSync(path.join(root, 'scripts', 'switchboard.ts')).mtimeMs);
  const stack = sourceDirs.map((dir) => path.join(root, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) {
    newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  }
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

function compiler() {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    return undefined;
  }
}

// The deploy package and the image hold what was built and no sources: they run dist as it is.
const hasSources = fs.existsSync(path.join(root, 'index.ts'));
if (!hasSources) {
  if (!fs.existsSync(output)) {
    console.error('Switchboard: neither dist/scripts/switchboard.js nor the sources are here; deploy a built package (npm run build).');
    process.exit(1);
  }
} else {
  const built = fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0;
  const vendored = fs.existsSync(path.join(vendor.vendorFolder(root), 'package.json'));
  if (built < newestSource() || !vendored) {
    const tsc = compiler();
    if (!tsc) {
      console.error('Switchboard needs building and TypeScript is not installed: run `npm install` (with dev dependencies).');
      process.exit(1);
    }
    console.log('Building Switchboard (tsc)…');
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
    vendor.vendorWebChat();
    fs.utimesSync(output, new Date(), new Date());
  }
}
