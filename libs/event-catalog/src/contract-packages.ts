import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';

import { transformFileSync } from '@swc/core';

import { requestJsonSchemas } from '@opis/contracts-envelope';

import { eventId, eventSchemaFiles, requestId } from './asyncapi';
import { CONTRACT_LIBRARIES, ContractLibrary } from './registry';

export const PACKAGES_DIR = join('dist', 'packages');
export const ENVELOPE_PACKAGE = '@opis/contracts-envelope';

interface PackageSource {
  folder: string;
  packageName: string;
  description: string;
  library?: ContractLibrary;
}

const SWC_OPTIONS = {
  jsc: {
    target: 'es2022' as const,
    parser: { syntax: 'typescript' as const, decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    // Schemas are keyed by class name: minified or renamed classes would break them.
    keepClassNames: true,
  },
  module: { type: 'commonjs' as const },
  sourceMaps: false,
  swcrc: false,
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Bare module names the compiled code requires (`class-validator`, `@opis/contracts-envelope`). */
function requiredPackages(code: string): string[] {
  const names = [...code.matchAll(/require\("([^"]+)"\)/g)].map(([, specifier]) => specifier as string);
  return names
    .filter((name) => !name.startsWith('.') && !name.startsWith('node:') && !builtinModules.includes(name))
    .map((name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : (name.split('/')[0] as string)));
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Builds one contracts library as an npm package: CommonJS under dist/, declarations beside it,
 * the JSON Schemas of its events and requests under schemas/, a package.json whose dependencies
 * are what the compiled code requires, at the workspace's versions.
 */
function buildPackage(
  root: string,
  source: PackageSource,
  version: string,
  rootDependencies: Record<string, string>,
  builtBefore: readonly string[],
): string {
  const srcDir = join(root, 'libs', 'contracts', source.folder, 'src');
  const outDir = join(root, PACKAGES_DIR, `contracts-${source.folder}`);
  rmSync(outDir, { recursive: true, force: true });
  const required = new Set<string>();
  for (const file of sourceFiles(srcDir)) {
    const { code } = transformFileSync(file, { ...SWC_OPTIONS, filename: file });
    const target = join(outDir, 'dist', relative(srcDir, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
    for (const name of requiredPackages(code)) required.add(name);
  }

  const tsconfigPath = join(root, PACKAGES_DIR, `.tsconfig.contracts-${source.folder}.json`);
  writeJson(tsconfigPath, {
    extends: relative(dirname(tsconfigPath), join(root, 'tsconfig.base.json')),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: relative(dirname(tsconfigPath), srcDir),
      outDir: relative(dirname(tsconfigPath), join(outDir, 'dist')),
      types: ['node'],
      // Other contracts libraries are packages of their own (built before): declarations point at
      // their built declarations, not at their sources.
      paths: Object.fromEntries(
        builtBefore.map((folder) => [`@opis/contracts-${folder}`, [`./contracts-${folder}/dist/index.d.ts`]]),
      ),
    },
    files: [relative(dirname(tsconfigPath), join(srcDir, 'index.ts'))],
  });
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfigPath], {
    cwd: root,
    encoding: 'utf8',
  });
  rmSync(tsconfigPath);
  if (tsc.status !== 0) throw new Error(`declarations of ${source.packageName} failed:\n${tsc.stdout}${tsc.stderr}`);

  const schemaFiles = eventSchemaFiles();
  for (const contract of source.library?.events ?? []) {
    writeJson(join(outDir, 'schemas', `${eventId(contract)}.json`), schemaFiles.get(`${eventId(contract)}.json`));
  }
  for (const contract of source.library?.requests ?? []) {
    const schemas = requestJsonSchemas(contract);
    writeJson(join(outDir, 'schemas', `${requestId(contract)}.json`), { request: schemas.request, reply: schemas.reply });
  }

  const dependencies = Object.fromEntries(
    [...required].sort().map((name) => {
      if (name.startsWith('@opis/contracts-')) return [name, version];
      const pinned = rootDependencies[name];
      if (!pinned) throw new Error(`${source.packageName} requires ${name}, which is not a dependency of the workspace`);
      return [name, pinned];
    }),
  );
  writeJson(join(outDir, 'package.json'), {
    name: source.packageName,
    version,
    description: source.description,
    license: 'Apache-2.0',
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    files: ['dist', 'schemas', 'README.md'],
    dependencies,
  });
  writeFileSync(
    join(outDir, 'README.md'),
    [
      `# ${source.packageName}`,
      '',
      source.description,
      '',
      'Contract classes (class-validator), `validateEvent` and the examples: `require(\'' + source.packageName + '\')`.',
      'JSON Schemas (draft 2020-12) of each event version: `schemas/<type>.v<version>.json`.',
      'The catalog of every OPIS event: docs/events in the OPIS repository.',
      '',
    ].join('\n'),
  );
  return relative(root, outDir);
}

/** `npm run build:contracts`: the envelope and every service's contracts as npm packages under dist/packages. */
export async function buildContractPackages(root: string): Promise<string[]> {
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  const sources: PackageSource[] = [
    {
      folder: 'envelope',
      packageName: ENVELOPE_PACKAGE,
      description: 'The OPIS event envelope, subjects, office codes and contract validation.',
    },
    ...CONTRACT_LIBRARIES.map((library) => ({
      folder: library.folder,
      packageName: library.packageName,
      description: `Events and request/reply contracts of the OPIS ${library.service} service.`,
      library,
    })),
  ];
  // A library's declarations need those of the libraries it imports, so each is built after them
  // (care and family-contact import intake's case categories and legal-status's protection concerns).
  const built: string[] = [];
  return inDependencyOrder(root, sources).map((source) => {
    const folder = buildPackage(root, source, rootPackage.version, rootPackage.dependencies, built);
    built.push(source.folder);
    return folder;
  });
}

/** The contracts libraries a library's sources import, by folder. */
function importedContractFolders(root: string, folder: string): Set<string> {
  const imported = new Set<string>();
  for (const file of sourceFiles(join(root, 'libs', 'contracts', folder, 'src'))) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/from '@opis\/contracts-([a-z-]+)'/g)) {
      if (name !== folder) imported.add(name);
    }
  }
  return imported;
}

/** The sources with every library after those it imports; a cycle is an error, not a guess. */
function inDependencyOrder(root: string, sources: readonly PackageSource[]): PackageSource[] {
  const pending = sources.map((source) => ({ source, needs: importedContractFolders(root, source.folder) }));
  const ordered: PackageSource[] = [];
  while (pending.length > 0) {
    const index = pending.findIndex(({ needs }) => [...needs].every((folder) => ordered.some((done) => done.folder === folder)));
    if (index < 0) throw new Error(`contracts libraries import each other in a cycle: ${pending.map(({ source }) => source.folder).join(', ')}`);
    ordered.push(pending.splice(index, 1)[0].source);
  }
  return ordered;
}
