const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'platform-services',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
