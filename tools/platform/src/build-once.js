// Jest global setup: compiles the workspace to dist/ once, so the tests run the built scripts.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
};
