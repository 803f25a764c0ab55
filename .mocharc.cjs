// MOCHA_SUITES=unit,integration runs only those folders (CI runs them again under Node 22); a file
// named on mocha's command line is added to this spec rather than replacing it, hence the variable.
const suites = (process.env.MOCHA_SUITES || 'unit,integration,e2e').split(',').map((name) => name.trim()).filter(Boolean);

module.exports = {
  require: ['ts-node/register/transpile-only'],
  extension: ['ts'],
  spec: suites.map((name) => `test/${name}/**/*.test.ts`),
  timeout: 20000,
  exit: true,
};
