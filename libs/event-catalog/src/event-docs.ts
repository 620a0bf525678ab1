import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { buildAsyncApiDocument, eventSchemaFiles } from './asyncapi';
import { renderHtml, renderMarkdown } from './render';

export const EVENT_DOCS_DIR = join('docs', 'events');

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Every file of docs/events, by path relative to that folder: one generation, byte for byte. */
export function generateEventDocs(): Map<string, string> {
  const document = buildAsyncApiDocument();
  const files = new Map<string, string>([
    ['asyncapi.json', json(document)],
    ['README.md', renderMarkdown(document)],
    ['index.html', renderHtml(document)],
  ]);
  for (const [name, schema] of eventSchemaFiles()) files.set(join('schemas', name), json(schema));
  return files;
}

/** Writes docs/events under `root`, removing what a previous generation wrote and this one does not. */
export function writeEventDocs(root: string): string[] {
  const folder = join(root, EVENT_DOCS_DIR);
  rmSync(folder, { recursive: true, force: true });
  const files = generateEventDocs();
  for (const [path, content] of files) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  return [...files.keys()];
}

/** Relative paths of the files under `folder` (for the drift test). */
export function listFiles(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(folder, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}
