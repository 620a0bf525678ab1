const path = require('node:path');

module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'chaos',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  // The scripts run as `npm run chaos` and `npm run bench:platform` run them: built once, first.
  globalSetup: path.join(__dirname, 'src', 'build-once.js'),
  testTimeout: 180_000,
};
