// Runs before `npm install` and `npm start`: a Node.js older than package.json's engines stops here
// with one clear line, instead of failing later inside a dependency (restify 12, the Azure SDK and
// i18next need Node 22). npm itself only warns about engines unless engine-strict is set, and
// engine-strict would also refuse Node versions that one dev-only package's engines leave out.
const { engines } = require('../package.json');

const MINIMUM_MAJOR = Number(/(\d+)/.exec(engines.node)[1]);

/** The reason this Node cannot run Switchboard, or undefined when it can. */
function nodeVersionProblem(version) {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (Number.isInteger(major) && major >= MINIMUM_MAJOR) return undefined;
  return `Switchboard needs Node.js ${MINIMUM_MAJOR} or newer (package.json engines "${engines.node}"); this is Node.js ${version}. Install a current LTS from https://nodejs.org/.`;
}

module.exports = { nodeVersionProblem, MINIMUM_MAJOR };

if (require.main === module) {
  const problem = nodeVersionProblem(process.version);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
