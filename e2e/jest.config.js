const path = require('node:path');

module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'platform-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  // The services run as the processes `npm start` runs: built once, before any test file.
  globalSetup: path.join(__dirname, 'src', 'build-once.js'),
};
