module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'case-copy',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
