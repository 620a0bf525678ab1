import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's root (the folder with nx.json), found from where the code runs: the tools run
 * both as sources (jest) and built under dist/, at different depths.
 */
export function findWorkspaceRoot(from: string = __dirname): string {
  let folder = from;
  while (!existsSync(join(folder, 'nx.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no nx.json above ${from}`);
    folder = parent;
  }
  return folder;
}

export const WORKSPACE_ROOT = findWorkspaceRoot();
