module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'event-catalog',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
};
