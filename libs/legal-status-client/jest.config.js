module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'legal-status-client',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
