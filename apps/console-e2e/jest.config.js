const path = require('node:path');

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'console-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  // The services and the gateway run as `npm start` runs them, the console as `nx run console:build` makes it.
  globalSetup: path.join(__dirname, 'src', 'build-once.js'),
  testTimeout: 240_000,
};
