// Files named on the command line (`npx mocha src/analysis/claims.test.ts`) run alone; without any, the
// whole suite. (A spec in a JSON config is merged with the command line's, so one file ran everything.)
const named = process.argv.slice(2).some((a) => /\.test\.ts$/.test(a));
module.exports = {
  spec: named ? [] : ['src/**/*.test.ts', 'bench/**/*.test.ts'],
  extension: ['ts'],
  'node-option': ['import=tsx'],
  require: ['test/hooks.ts'],
  timeout: 20000,
  exit: true,
};
