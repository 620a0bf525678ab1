// Deletes from a production node_modules what no service loads at run time (deploy/Dockerfile's
// deps stage): source maps, type declarations, markdown but licences, type packages (@types), TypeScript (@nestjs/swagger depends on it
// for its compile-time plugin only, which no service loads) and TypeORM's browser build. Written
// in Node, not find(1): the local base image has no findutils. The image test starts every service
// from the pruned tree, so a deletion that a service needs fails there.
'use strict';
const { readdirSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = process.argv[2];
if (!root) {
  console.error('usage: node prune-node-modules.js <node_modules>');
  process.exit(2);
}

const FILES = /\.(map|d\.ts|d\.mts|d\.cts|md|markdown)$/i;
// Licences stay, whatever their extension.
const KEEP = /^(licen[cs]e|copying|notice)/i;
const PACKAGES = ['typescript', 'typeorm/browser', '@types'];

let freed = 0;
function sizeOf(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}
function remove(path) {
  freed += sizeOf(path);
  rmSync(path, { recursive: true, force: true });
}

for (const name of PACKAGES) remove(join(root, name));
(function walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile() && FILES.test(entry.name) && !KEEP.test(entry.name)) remove(path);
  }
})(root);

console.log(`prune-node-modules: ${(freed / 1e6).toFixed(1)} MB removed from ${root}`);
