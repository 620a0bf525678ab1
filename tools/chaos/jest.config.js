const path = require('node:path');

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'chaos',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  // The run as `npm run chaos` runs it: built once, first.
  globalSetup: path.join(__dirname, '..', 'platform', 'src', 'build-once.js'),
  testTimeout: 180_000,
};
