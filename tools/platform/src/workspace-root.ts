import { repositoryRoot } from '@opis/platform';

/**
 * The repository's root (the folder with nx.json), found from where the code runs: the tools run
 * both as sources (jest) and built under dist/, at different depths.
 */
export const WORKSPACE_ROOT = repositoryRoot(__dirname);
