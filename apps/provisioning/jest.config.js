const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'provisioning',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
