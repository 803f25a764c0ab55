// Runs before `npm install` and `npm start`: a Node.js older than package.json's engines stops here
// with one clear line, instead of failing later inside a dependency (restify 12, the Azure SDK and
// i18next need Node 22; mocha and ESLint 22.13). npm itself only warns about engines unless
// engine-strict is set, and engine-strict would also refuse Node versions that one dev-only
// package's engines leave out. npm runs a root preinstall after the dependencies are in place,
// so on `npm install` this line comes at the end, and the install still fails.
const { engines } = require('../package.json');

const [, minMajor, minMinor = '0'] = /(\d+)(?:\.(\d+))?/.exec(engines.node) ?? [];
const MINIMUM = { major: Number(minMajor), minor: Number(minMinor) };

/** The reason this Node cannot run Switchboard, or undefined when it can. */
function nodeVersionProblem(version) {
  const [, major, minor] = /^v?(\d+)\.(\d+)/.exec(version) ?? [];
  const ok = Number(major) > MINIMUM.major || (Number(major) === MINIMUM.major && Number(minor) >= MINIMUM.minor);
  if (ok) return undefined;
  return `Switchboard needs Node.js ${MINIMUM.major}.${MINIMUM.minor} or newer (package.json engines "${engines.node}"); this is Node.js ${version}. Install a current LTS from https://nodejs.org/.`;
}

module.exports = { nodeVersionProblem, MINIMUM };

if (require.main === module) {
  const problem = nodeVersionProblem(process.version);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
