module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'service-harness',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
