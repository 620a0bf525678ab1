const path = require('node:path');

module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'deploy',
  rootDir: __dirname,
  // The Kubernetes manifests as kubectl renders them, and the NATS permissions on a real server.
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  // Builds and runs the container images (minutes): `npm run test:images` (deploy/images/jest.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/images\\.integration-spec\\.ts$'],
  // The built provisioning app and service list (dist/), as the deployment runs them.
  globalSetup: path.join(__dirname, 'test', 'build-once.js'),
};
