const path = require('node:path');

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'bench',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
  // The benchmark as `npm run bench:platform` runs it: built once, first.
  globalSetup: path.join(__dirname, '..', 'platform', 'src', 'build-once.js'),
  testTimeout: 180_000,
};
