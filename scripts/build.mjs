// Compiles the workspace (services, libs, scripts) to dist/ with SWC; tsconfig path aliases
// are rewritten to relative requires, so `node dist/...` runs without a loader. dist/ is not wiped
// first: a running `npm start` keeps its files while `npm run token` builds again.
//
// `node scripts/build.mjs services/<name>` (the services' Nx `build` target) compiles that service
// and the libraries into dist/build/<name>/ instead: a folder of its own that Nx can cache and
// restore without touching what `npm start` runs, emptied first so no deleted file's output stays.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [project] = process.argv.slice(2);
const sources = project ? ['libs', project] : ['libs', 'services', 'scripts'];
const outDir = project ? join('dist', 'build', basename(project)) : 'dist';
if (project) rmSync(join(root, outDir), { recursive: true, force: true });
const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@swc/cli/bin/swc.js'),
    ...sources,
    '--out-dir', outDir,
    '--config-file', '.swcrc',
    '--extensions', '.ts',
    '--ignore', '**/*.spec.ts,**/*.integration-spec.ts,**/test/**',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
