module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'api-clients',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};
