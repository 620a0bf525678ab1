module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'legal-status',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
