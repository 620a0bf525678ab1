// `npm run test:images`: deploy/test/images.integration-spec.ts alone. It builds and runs the
// images (minutes), so `npm test` (deploy/jest.config.js) leaves it out and CI runs it by itself.
const base = require('../jest.config.js');

module.exports = {
  ...base,
  displayName: 'deploy-images',
  testMatch: ['<rootDir>/test/images.integration-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
