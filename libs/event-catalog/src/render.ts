import { AsyncApiDocument, SEMANTICS_TEXT } from './asyncapi';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

const REF = /^#\/components\/schemas\/(.+)$/;

function refName(schema: Schema): string | undefined {
  return typeof schema['$ref'] === 'string' ? REF.exec(schema['$ref'])?.[1] : undefined;
}

/** One line describing a schema's type and rules, e.g. `string, one of A, B` or `array of string`. */
export function describeSchema(schema: Schema): string {
  const name = refName(schema);
  if (name) return name;
  if (schema['const'] !== undefined) return `= ${JSON.stringify(schema['const'])}`;
  if (Array.isArray(schema['oneOf'])) return schema['oneOf'].map((option: Schema) => describeSchema(option)).join(' or ');
  const parts: string[] = [];
  const type = Array.isArray(schema['type']) ? schema['type'].join(' | ') : schema['type'];
  if (type === 'array' && schema['items']) parts.push(`array of ${describeSchema(schema['items'])}`);
  else if (type) parts.push(String(type));
  if (Array.isArray(schema['enum'])) parts.push(`one of ${schema['enum'].join(', ')}`);
  if (schema['format']) parts.push(`format ${schema['format']}`);
  if (schema['pattern']) parts.push(`pattern \`${schema['pattern']}\``);
  for (const [key, label] of [
    ['minimum', 'min'],
    ['maximum', 'max'],
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
  ] as const) {
    if (schema[key] !== undefined) parts.push(`${label} ${schema[key]}`);
  }
  return parts.join(', ') || 'any';
}

export interface FieldRow {
  name: string;
  required: boolean;
  description: string;
}

export function fieldRows(schema: Schema | undefined): FieldRow[] {
  if (!schema?.['properties']) return [];
  const required = new Set<string>(schema['required'] ?? []);
  return Object.entries(schema['properties'] as Record<string, Schema>).map(([name, property]) => ({
    name,
    required: required.has(name),
    description: describeSchema(property),
  }));
}

export interface CatalogEntry {
  channelId: string;
  address: string | null;
  title: string;
  description: string;
  service: string;
  kind: 'event' | 'request';
  stream?: string;
  messages: {
    id: string;
    title: string;
    summary: string;
    payload: Schema;
    example: unknown;
    schemaFile?: string;
    version?: number;
    semantics?: keyof typeof SEMANTICS_TEXT;
  }[];
  timeoutMs?: number;
}

/** The document's channels as catalog entries, services in the document's order. */
export function catalogEntries(document: AsyncApiDocument): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  for (const [operationId, operation] of Object.entries<Schema>(document['operations'])) {
    const channelId = String(operation['channel']['$ref']).replace('#/channels/', '');
    const channel = document['channels'][channelId];
    const messageIds = [
      ...operation['messages'].map((m: Schema) => String(m['$ref']).split('/').pop()),
      ...(operation['reply']?.['messages'] ?? []).map((m: Schema) => String(m['$ref']).split('/').pop()),
    ] as string[];
    entries.push({
      channelId,
      address: channel['address'],
      title: channel['title'],
      description: channel['description'],
      service: operation['tags'][0]['name'],
      kind: operationId.endsWith('.answer') ? 'request' : 'event',
      stream: channel['x-jetstream-stream'],
      timeoutMs: operation['x-timeout-ms'],
      messages: messageIds.map((id) => {
        const message = document['components']['messages'][id];
        return {
          id,
          title: message['title'],
          summary: message['summary'],
          payload: message['payload'],
          example: message['examples']?.[0]?.payload,
          schemaFile: message['x-json-schema'],
          version: message['x-event-version'],
          semantics: message['x-event-semantics'],
        };
      }),
    });
  }
  return entries;
}

function dataSchema(document: AsyncApiDocument, payload: Schema): { name: string; schema: Schema } | undefined {
  const reference = payload['properties']?.['data'] ?? payload['properties']?.['response'];
  const name = reference ? refName(reference) : undefined;
  return name ? { name, schema: document['components']['schemas'][name] } : undefined;
}

const mdCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownTable(rows: FieldRow[]): string[] {
  if (rows.length === 0) return ['(no fields)'];
  return [
    '| field | required | type and rules |',
    '|---|---|---|',
    ...rows.map((row) => `| \`${row.name}\` | ${row.required ? 'yes' : 'no'} | ${mdCell(row.description)} |`),
  ];
}

function anchor(id: string): string {
  return id.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
}

/** The catalog as Markdown (docs/events/README.md). */
export function renderMarkdown(document: AsyncApiDocument): string {
  const entries = catalogEntries(document);
  const schemas = document['components']['schemas'] as Record<string, Schema>;
  const services = [...new Set(entries.map((entry) => entry.service))];
  const lines: string[] = [
    `# ${document['info']['title']}`,
    '',
    '<!-- Generated by `npm run docs` from libs/contracts (libs/event-catalog). Do not edit: a test compares it with a fresh generation. -->',
    '',
    document['info']['description'],
    '',
    'Machine-readable: [`asyncapi.json`](asyncapi.json) (AsyncAPI 3) and one JSON Schema per event version under',
    '[`schemas/`](schemas/). How to subscribe and replay: [the example subscriber](../../examples/event-subscriber/README.md).',
    '',
    '## Contents',
    '',
  ];
  for (const service of services) {
    lines.push(`- **${service}**`);
    for (const entry of entries.filter((candidate) => candidate.service === service)) {
      lines.push(`  - [${entry.title}](#${anchor(entry.channelId)})`);
    }
  }
  lines.push('', '## The envelope', '', 'Every event is one JSON object (UTF-8) with these fields; `data` is the event\'s own payload.', '');
  lines.push(...markdownTable(fieldRows(schemas['EventEnvelope'])));
  lines.push('', '`actor`:', '', ...markdownTable(fieldRows(schemas['EventActor'])));
  lines.push(
    '',
    'The NATS header `Nats-Msg-Id` is the event id: JetStream drops a copy published again within its duplicate window,',
    'and subscribers should still keep the ids they applied (a republish after the window delivers a copy).',
  );

  for (const service of services) {
    lines.push('', `## ${service}`);
    for (const entry of entries.filter((candidate) => candidate.service === service)) {
      lines.push('', `### ${entry.title}`, '', `<a id="${anchor(entry.channelId)}"></a>`, '', entry.description, '');
      if (entry.kind === 'event') {
        const [message] = entry.messages;
        lines.push(`- subject: \`${entry.address}\` (\`{office}\`: one of the 32 office codes)`);
        lines.push(`- type \`${message?.payload['properties']['type']['const']}\`, version ${message?.version}`);
        if (message?.semantics) lines.push(`- ${SEMANTICS_TEXT[message.semantics]}`);
        lines.push(`- stream: \`${entry.stream}\``);
        lines.push(`- JSON Schema: [\`${message?.schemaFile}\`](${message?.schemaFile})`);
      } else {
        lines.push(`- subject: \`${entry.address}\` (NATS request/reply; no stream)`);
        lines.push(`- timeout: ${entry.timeoutMs} ms; no answer in time means "no" (fail safe)`);
      }
      for (const message of entry.messages) {
        const data = dataSchema(document, message.payload);
        if (entry.kind === 'request') lines.push('', `#### ${message.title}`, '', message.summary);
        if (data) lines.push('', `\`${data.name}\`:`, '', ...markdownTable(fieldRows(data.schema)));
        lines.push('', 'Example:', '', '```json', JSON.stringify(message.example, null, 2), '```');
      }
    }
  }
  const nested = Object.keys(schemas).filter((name) => !['EventEnvelope', 'EventActor'].includes(name) && !isTopLevel(entries, document, name));
  if (nested.length > 0) {
    lines.push('', '## Nested types');
    for (const name of nested) lines.push('', `### ${name}`, '', ...markdownTable(fieldRows(schemas[name])));
  }
  return `${lines.join('\n')}\n`;
}

function isTopLevel(entries: CatalogEntry[], document: AsyncApiDocument, name: string): boolean {
  return entries.some((entry) => entry.messages.some((message) => dataSchema(document, message.payload)?.name === name));
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline code spans of the Markdown-ish descriptions, escaped. */
const inline = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function htmlTable(rows: FieldRow[]): string {
  if (rows.length === 0) return '<p>(no fields)</p>';
  const body = rows
    .map((row) => `<tr><td><code>${escapeHtml(row.name)}</code></td><td>${row.required ? 'yes' : 'no'}</td><td>${inline(row.description)}</td></tr>`)
    .join('\n');
  return `<table><thead><tr><th>field</th><th>required</th><th>type and rules</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f4f4f4;padding:.75rem;overflow:auto}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
section.entry{border-top:1px solid #ddd;margin-top:1.5rem}nav ul{columns:2}h2{margin-top:2.5rem}`;

/** The catalog as one self-contained HTML page (docs/events/index.html): no scripts, no external assets. */
export function renderHtml(document: AsyncApiDocument): string {
  const entries = catalogEntries(document);
  const schemas = document['components']['schemas'] as Record<string, Schema>;
  const services = [...new Set(entries.map((entry) => entry.service))];
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(document['info']['title'])}</title>`,
    `<style>${STYLE}</style></head><body>`,
    '<!-- Generated by `npm run docs` from libs/contracts. Do not edit. -->',
    `<h1>${escapeHtml(document['info']['title'])}</h1>`,
    ...String(document['info']['description'])
      .split('\n\n')
      .map((paragraph) => `<p>${inline(paragraph)}</p>`),
    '<p>Machine-readable: <a href="asyncapi.json">asyncapi.json</a> (AsyncAPI 3) and one JSON Schema per event under <a href="schemas/">schemas/</a>.</p>',
    '<nav><h2>Contents</h2>',
  ];
  for (const service of services) {
    parts.push(`<h3>${escapeHtml(service)}</h3><ul>`);
    for (const entry of entries.filter((candidate) => candidate.service === service)) {
      parts.push(`<li><a href="#${anchor(entry.channelId)}">${escapeHtml(entry.title)}</a></li>`);
    }
    parts.push('</ul>');
  }
  parts.push('</nav>', '<h2>The envelope</h2>', htmlTable(fieldRows(schemas['EventEnvelope'])), '<p><code>actor</code>:</p>', htmlTable(fieldRows(schemas['EventActor'])));
  for (const service of services) {
    parts.push(`<h2>${escapeHtml(service)}</h2>`);
    for (const entry of entries.filter((candidate) => candidate.service === service)) {
      parts.push(`<section class="entry" id="${anchor(entry.channelId)}">`, `<h3>${escapeHtml(entry.title)}</h3>`, `<p>${inline(entry.description)}</p><ul>`);
      if (entry.kind === 'event') {
        const [message] = entry.messages;
        parts.push(
          `<li>subject: <code>${escapeHtml(entry.address ?? '')}</code></li>`,
          `<li>version ${message?.version}, stream <code>${escapeHtml(entry.stream ?? '')}</code></li>`,
          ...(message?.semantics ? [`<li>${inline(SEMANTICS_TEXT[message.semantics])}</li>`] : []),
          `<li>JSON Schema: <a href="${escapeHtml(message?.schemaFile ?? '')}">${escapeHtml(message?.schemaFile ?? '')}</a></li>`,
        );
      } else {
        parts.push(`<li>subject: <code>${escapeHtml(entry.address ?? '')}</code> (request/reply, no stream)</li>`, `<li>timeout ${entry.timeoutMs} ms (silence means "no")</li>`);
      }
      parts.push('</ul>');
      for (const message of entry.messages) {
        const data = dataSchema(document, message.payload);
        if (entry.kind === 'request') parts.push(`<h4>${escapeHtml(message.title)}</h4><p>${inline(message.summary)}</p>`);
        if (data) parts.push(`<p><code>${escapeHtml(data.name)}</code>:</p>`, htmlTable(fieldRows(data.schema)));
        parts.push('<p>Example:</p>', `<pre>${escapeHtml(JSON.stringify(message.example, null, 2))}</pre>`);
      }
      parts.push('</section>');
    }
  }
  const nested = Object.keys(schemas).filter((name) => !['EventEnvelope', 'EventActor'].includes(name) && !isTopLevel(entries, document, name));
  if (nested.length > 0) {
    parts.push('<h2>Nested types</h2>');
    for (const name of nested) parts.push(`<h3 id="${anchor(name)}">${escapeHtml(name)}</h3>`, htmlTable(fieldRows(schemas[name])));
  }
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}
