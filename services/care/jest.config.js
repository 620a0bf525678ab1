module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'care',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
