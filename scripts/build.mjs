// Compiles the workspace (services, libs, scripts) to dist/ with SWC; tsconfig path aliases
// are rewritten to relative requires, so `node dist/...` runs without a loader. dist/ is not wiped
// first: a running `npm start` keeps its files while `npm run token` builds again.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@swc/cli/bin/swc.js'),
    'libs', 'services', 'scripts',
    '--out-dir', 'dist',
    '--config-file', '.swcrc',
    '--extensions', '.ts',
    '--ignore', '**/*.spec.ts,**/*.integration-spec.ts,**/test/**',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
