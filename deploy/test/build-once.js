// Jest global setup: compiles the workspace to dist/ once, so that the tests run the
// provisioning step and read the service list as the deployment's Jobs do (dist/apps/provisioning, dist/libs/platform-services).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
};
