import { join } from 'node:path';

import { generateFiles, names, Tree } from '@nx/devkit';

/** The platform's one list of services (libs/platform-services): what `npm start`, provisioning, e2e and boundary lint read. */
const LIBRARY = 'libs/platform-services/src';
export const SERVICE_LIST = `${LIBRARY}/services.json`;
export const LIBRARY_INDEX = `${LIBRARY}/index.ts`;
export const WIRING_FILE = `${LIBRARY}/platform-services.ts`;

const CONSUMER_EXPORT = /^export \* from '\.\/consumers\/[^']+';$/;
const CONSUMER_IMPORT = /^import \{[^}]*\} from '\.\/consumers\/[^']+';$/;
const SERVICE_NAME_UNION = /(export type PlatformServiceName =)([^;]+);/;
const WIRING_START = 'const WIRING: Record<PlatformServiceName, ServiceWiring> = {\n';
const ONE_SERVICE_LINE = /^(\s*)\{.*\}(,?)\s*$/;

export interface ListedService {
  name: string;
  port: number;
  database: string;
  console?: boolean;
}

export function databaseName(name: string): string {
  return `opis_${name.replace(/-/g, '_')}`;
}

/** The file changed shape since the generator was written: say which anchor is gone rather than write a guess. */
function missingAnchor(path: string, anchor: string): Error {
  return new Error(`${path}: found no ${anchor} to add the service to; update tools/generators/src/generators/service/platform-list.ts to the file's new shape`);
}

function read(tree: Tree, path: string): string {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} is missing: the generator adds the new service to the platform's list there`);
  return text;
}

export function listedServices(tree: Tree): ListedService[] {
  const list: unknown = JSON.parse(read(tree, SERVICE_LIST));
  if (!Array.isArray(list)) throw missingAnchor(SERVICE_LIST, 'array of services');
  return list as ListedService[];
}

/** A second service with one name, port or database would start on the first one's (platform-services.spec.ts checks the same). */
function refuseTaken(listed: readonly ListedService[], service: ListedService): void {
  for (const key of ['name', 'port', 'database'] as const) {
    const holder = listed.find((other) => other[key] === service[key]);
    if (holder) throw new Error(`${SERVICE_LIST} already gives ${key} ${service[key]} to ${holder.name}${key === 'port' ? ': pass another --port' : ''}`);
  }
}

/** One object per line, as the file is written; the new service goes before the console's gateway, or last. */
export function withListedService(text: string, service: ListedService): string {
  const lines = text.split('\n');
  const entries = lines.flatMap((line, index) => (ONE_SERVICE_LINE.test(line) ? [index] : []));
  if (entries.length === 0) throw missingAnchor(SERVICE_LIST, 'line holding one service object');
  const indent = ONE_SERVICE_LINE.exec(lines[entries[0]])?.[1] ?? '';
  const entry = `${indent}{ "name": ${JSON.stringify(service.name)}, "port": ${service.port}, "database": ${JSON.stringify(service.database)} }`;
  const gateway = entries.find((index) => /"console":\s*true/.test(lines[index]));
  if (gateway !== undefined) {
    lines.splice(gateway, 0, `${entry},`);
  } else {
    const last = entries[entries.length - 1];
    lines[last] = lines[last].replace(/\}\s*$/, '},');
    lines.splice(last + 1, 0, entry);
  }
  const edited = lines.join('\n');
  const parsed: unknown = JSON.parse(edited);
  if (!Array.isArray(parsed) || parsed.length !== entries.length + 1) throw missingAnchor(SERVICE_LIST, 'array with one service object per line');
  return edited;
}

/** Adds `line` to the block of lines `pattern` matches (the consumers' imports or exports), keeping its order. */
function withSortedLine(text: string, path: string, anchor: string, pattern: RegExp, line: string): string {
  const lines = text.split('\n');
  const block = lines.flatMap((candidate, index) => (pattern.test(candidate) ? [index] : []));
  if (block.length === 0) throw missingAnchor(path, anchor);
  if (lines.includes(line)) throw new Error(`${path} has ${line} already`);
  const at = block.find((index) => lines[index] > line) ?? block[block.length - 1] + 1;
  lines.splice(at, 0, line);
  return lines.join('\n');
}

export function withConsumersExport(text: string, name: string): string {
  return withSortedLine(text, LIBRARY_INDEX, "`export * from './consumers/…'` line", CONSUMER_EXPORT, `export * from './consumers/${name}.consumers';`);
}

/** The name joins `PlatformServiceName`, its durables `WIRING` (which the check in platform-services.ts requires of every listed service). */
export function withWiring(text: string, name: string): string {
  const consumers = `${names(name).constantName}_CONSUMERS`;
  const imported = withSortedLine(text, WIRING_FILE, "`import { … } from './consumers/…'` line", CONSUMER_IMPORT, `import { ${consumers} } from './consumers/${name}.consumers';`);

  const union = SERVICE_NAME_UNION.exec(imported);
  if (!union) throw missingAnchor(WIRING_FILE, '`export type PlatformServiceName = …;` declaration');
  if (union[2].includes(`'${name}'`)) throw new Error(`${WIRING_FILE}: PlatformServiceName has '${name}' already`);
  const named = imported.replace(union[0], `${union[1]}${union[2]} | '${name}';`);

  const start = named.indexOf(WIRING_START);
  if (start < 0) throw missingAnchor(WIRING_FILE, `\`${WIRING_START.trim()}\` declaration`);
  const end = named.indexOf('\n};', start);
  if (end < 0) throw missingAnchor(WIRING_FILE, 'end of WIRING (`};` at the start of a line)');
  const key = /^[a-z][a-z0-9]*$/.test(name) ? name : `'${name}'`;
  return `${named.slice(0, end)}\n  ${key}: { consumers: ${consumers} },${named.slice(end)}`;
}

/**
 * Adds the service to the platform's list: its line in services.json, its (empty) durables in
 * consumers/, exported from the library, and its name and wiring in platform-services.ts. Every
 * edit is worked out before the first is written, so a missing anchor leaves the list untouched.
 * Returns the files it wrote.
 */
export function joinPlatformList(tree: Tree, name: string, port: number): string[] {
  const service: ListedService = { name, port, database: databaseName(name) };
  refuseTaken(listedServices(tree), service);
  const consumersFile = `${LIBRARY}/consumers/${name}.consumers.ts`;
  if (tree.exists(consumersFile)) throw new Error(`${consumersFile} exists already`);

  const edits: [string, string][] = [
    [SERVICE_LIST, withListedService(read(tree, SERVICE_LIST), service)],
    [LIBRARY_INDEX, withConsumersExport(read(tree, LIBRARY_INDEX), name)],
    [WIRING_FILE, withWiring(read(tree, WIRING_FILE), name)],
  ];
  for (const [path, text] of edits) tree.write(path, text);
  generateFiles(tree, join(__dirname, 'platform-files'), LIBRARY, { ...names(name), tmpl: '' });
  return [...edits.map(([path]) => path), consumersFile];
}
