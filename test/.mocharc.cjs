// Files named on the command line (`npx mocha browser/analyse.test.ts`) run alone; without any, every
// suite. (A spec in a JSON config is merged with the command line's, so one file ran everything.)
const named = process.argv.slice(2).some((a) => /\.test\.ts$/.test(a));
module.exports = {
  spec: named ? [] : ['**/*.test.ts'],
  ignore: ['node_modules/**'],
  extension: ['ts'],
  'node-option': ['import=tsx'],
  timeout: 60000,
  exit: true,
};
