module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'contracts-notifications',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
