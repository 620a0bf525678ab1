// Compiles the workspace (libs, services, the provisioning app, the tools and the demo) to dist/
// with SWC; tsconfig path aliases are rewritten to relative requires, so `node dist/...` runs
// without a loader; the JSON files the sources import (the service list) are copied beside them.
// dist/ is not wiped first: a running `npm start` keeps its files while `npm run token` builds again.
//
// `node scripts/build.mjs services/<name>` (the services' Nx `build` target) compiles that service
// and the libraries into dist/build/<name>/ instead: a folder of its own that Nx can cache and
// restore without touching what `npm start` runs, emptied first so no deleted file's output stays.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [argument] = process.argv.slice(2);
// What the images run besides the services: the provisioning Job, and the tools Compose and an
// operator use in a container (the mail catcher, tokens, the dead-letter desk, outbox:republish).
const IMAGE = ['libs', 'services', 'apps/provisioning', 'tools/platform', 'tools/cli'];
const DEVELOPMENT = ['tools/bench', 'tools/chaos', 'e2e/demo'];
// `--image` (deploy/Dockerfile): the image's part only, to dist/, from a context without the rest.
const image = argument === '--image';
const project = image ? undefined : argument;
const sources = project ? ['libs', project] : image ? IMAGE : [...IMAGE, ...DEVELOPMENT];
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
if (result.status === 0) {
  for (const source of sources) {
    for (const file of readdirSync(join(root, source), { recursive: true })) {
      const path = String(file);
      if (path.endsWith('.json') && path.includes('src') && !path.includes('node_modules')) {
        cpSync(join(root, source, path), join(root, outDir, source, path));
      }
    }
  }
}
process.exit(result.status ?? 1);
