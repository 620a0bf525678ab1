module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'contracts-envelope',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
