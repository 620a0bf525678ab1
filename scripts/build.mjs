// Compiles the workspace (services, libs, scripts) to dist/ with SWC; tsconfig path aliases
// are rewritten to relative requires, so `node dist/...` runs without a loader.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
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
