// Jest global setup: the workspace compiled to dist/ (services, gateway) and the console built
// with Vite, once, before the browser test.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..', '..');

module.exports = async () => {
  for (const args of [[path.join(root, 'scripts', 'build.mjs')], [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '-c', path.join(root, 'apps', 'console', 'vite.config.mts')]]) {
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed`);
  }
};
