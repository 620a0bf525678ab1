import fc from 'fast-check';

/** The part of an OpenAPI 3.0 document the fuzzer reads. */
export interface FuzzSchema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  properties?: Record<string, FuzzSchema>;
  required?: string[];
  items?: FuzzSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: FuzzSchema[];
  anyOf?: FuzzSchema[];
  allOf?: FuzzSchema[];
}

interface FuzzParameter {
  name: string;
  in: string;
  schema?: FuzzSchema;
}

interface FuzzOperation {
  parameters?: FuzzParameter[];
  requestBody?: { content?: Record<string, { schema?: FuzzSchema }> };
}

export interface FuzzDocument {
  paths: Record<string, Record<string, FuzzOperation>>;
  components?: { schemas?: Record<string, FuzzSchema> };
}

export interface FuzzRequest {
  method: string;
  /** Path and query, percent-encoded the way a lax client would (lone surrogates as WTF-8). */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * How much every service's fuzz spec sends: at least 5,000 requests a run in CI (issue 19);
 * FUZZ_RUNS goes further, FUZZ_SEED replays a failure fast-check printed.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);
export const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

export interface FuzzOptions {
  /** Requests to send (fast-check runs); shrinking a failure sends more. */
  runs: number;
  /** Replays a failing run (fast-check prints the seed). */
  seed?: number;
  /** Bearer tokens a request is sent with; one in a few requests is sent without any. */
  tokens: string[];
  /** Values worth trying for a path parameter (ids that exist), besides random and hostile ones. */
  pathValues?: Record<string, string[]>;
  /** Query parameters a route reads but its document does not list yet, by path template. */
  queryParams?: Record<string, string[]>;
  /** Values a query parameter accepts, by name, tried beside generated and hostile ones. */
  queryValues?: Record<string, string[]>;
  /** Valid bodies by `METHOD /path/template`: mutated one field at a time, they reach past validation. */
  bodies?: Record<string, unknown[]>;
}

export interface FuzzOutcome {
  sent: number;
  byStatus: Record<number, number>;
  milliseconds: number;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Inputs that broke services before, and the classics. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  '   ',
  '\u0000',
  'Ana\u0000Sofía',
  '\ud800',
  'Tapachula \udfff',
  '😀',
  'x'.repeat(5_000),
  '../../etc/passwd',
  "' OR '1'='1",
  '%00',
  '%',
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '0000-00-00',
  '1970-01-01',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url'),
  Buffer.from(JSON.stringify(['+275760-09-13T00:00:00.000Z', '00000000-0000-0000-0000-000000000000'])).toString('base64url'),
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), loneSurrogate).map(([text, lone]) => `${text}${lone}`) },
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308, -1e308, true, false) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], { '': null }, JSON.parse('{"__proto__":{"admin":true}}') as unknown) },
);

function deepJson(depth: number, object: boolean): string {
  return object ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/**
 * A deep value is spliced into the JSON text only when sent (withDeepValues): as an object it would
 * overflow the fuzzer's own cloning and printing first.
 */
function deepMarker(depth: number): string {
  return `\u0001deep:${depth}\u0001`;
}

function withDeepValues(json: string): string {
  return json.replace(/"\\u0001deep:(\d+)\\u0001"/g, (_marker, depth: string) => deepJson(Number(depth), false));
}

/** Percent-encodes as a lax client would: a lone surrogate, which UTF-8 cannot hold, as WTF-8. */
export function encodeLoosely(text: string): string {
  let encoded = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      encoded += encodeURIComponent(char);
    }
  }
  return encoded;
}

function resolve(document: FuzzDocument, schema: FuzzSchema | undefined): FuzzSchema {
  let current = schema ?? {};
  for (let hops = 0; current.$ref && hops < 20; hops += 1) {
    current = document.components?.schemas?.[current.$ref.replace('#/components/schemas/', '')] ?? {};
  }
  return current;
}

function stringFor(schema: FuzzSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') return fc.integer({ min: 1, max: 72 }).map((hours) => new Date(Date.now() - hours * 3_600_000).toISOString());
  if (schema.format === 'date') return fc.constantFrom('2012-05-01', '2016-11-30', '2020-02-29');
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= (schema.maxLength ?? 200));
    } catch {
      // A pattern fast-check cannot generate from: any short text.
    }
  }
  return fc.string({ minLength: schema.minLength ?? 1, maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

/** Values the schema describes: what a well-behaved client sends, before mutation. */
function valueFor(document: FuzzDocument, raw: FuzzSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  if (depth > 6) return fc.constant({});
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives && alternatives.length > 0 && !schema.type) {
    return fc.oneof(...alternatives.map((alternative) => valueFor(document, alternative, depth + 1)));
  }
  if (schema.allOf && schema.allOf.length > 0) return valueFor(document, schema.allOf[0], depth + 1);
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 100, 10_000)) });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 100, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueFor(document, schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    default:
      if (schema.properties) {
        const properties = Object.fromEntries(
          Object.entries(schema.properties).map(([name, property]) => [name, valueFor(document, property, depth + 1)]),
        );
        return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
      }
      return fc.jsonValue({ maxDepth: 2 });
  }
}

type Mutation = { at: number; action: 'replace' | 'delete' | 'add'; value: unknown; key: string };

/** Every object or array in a value, and its own position, so a mutation can pick one. */
function containersOf(value: unknown): (Record<string, unknown> | unknown[])[] {
  const found: (Record<string, unknown> | unknown[])[] = [];
  const pending = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current !== 'object') continue;
    found.push(current as Record<string, unknown>);
    pending.push(...Object.values(current));
  }
  return found;
}

function mutate(value: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(value);
  for (const mutation of mutations) {
    const containers = containersOf(copy);
    if (containers.length === 0) return mutation.value;
    const container = containers[mutation.at % containers.length] as Record<string, unknown>;
    const keys = Object.keys(container);
    const key = keys.length > 0 && mutation.action !== 'add' ? (keys[mutation.at % keys.length] as string) : mutation.key;
    if (mutation.action === 'delete') delete container[key];
    else container[key] = structuredClone(mutation.value);
  }
  return copy;
}

const mutations = fc.array(
  fc.record({
    at: fc.nat(),
    action: fc.constantFrom<Mutation['action']>('replace', 'replace', 'replace', 'delete', 'add'),
    value: fc.oneof({ weight: 5, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.integer({ min: 40, max: 2_000 }).map(deepMarker) }),
    key: fc.constantFrom('extra', '__proto__', 'constructor', '', 'a\u0000b', '\ud800'),
  }),
  { minLength: 1, maxLength: 3 },
);

function bodyFor(document: FuzzDocument, schema: FuzzSchema | undefined, bodies: unknown[]): fc.Arbitrary<string | undefined> {
  const wellFormed = bodies.length > 0 ? fc.oneof(fc.constantFrom(...bodies), valueFor(document, schema)) : valueFor(document, schema);
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(wellFormed, mutations).map(([value, changes]) => withDeepValues(JSON.stringify(mutate(value, changes)))) },
    { weight: 1, arbitrary: wellFormed.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 2, max: 3_000 }), fc.boolean()).map(([depth, object]) => deepJson(depth, object)) },
    { weight: 1, arbitrary: hostileValue.map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'nul', '{"a":1}}', '\u0000', '[1,]', '{"__proto__":{"x":1}}', '"\\ud800"') },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Header values must be ByteStrings to be sent at all: visible ASCII, some hostile. */
const headerValue = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom('', ' ', 'x'.repeat(600), '*', 'W/"1"', '"0"', '%00'),
);

function requestFor(document: FuzzDocument, path: string, method: string, operation: FuzzOperation, options: FuzzOptions): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const documented = parameters.filter((parameter) => parameter.in === 'query');
  const queryNames = [...new Set([...documented.map((parameter) => parameter.name), ...(options.queryParams?.[path] ?? [])])];
  const headerNames = parameters.filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name);
  const operationKey = `${method.toUpperCase()} ${path}`;

  const pathValue = (name: string): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 4, arbitrary: (options.pathValues?.[name] ?? []).length > 0 ? fc.constantFrom(...(options.pathValues?.[name] ?? [])) : fc.uuid() },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: hostileString.filter((text) => text.length > 0) },
    );
  const queryValue = (name: string): fc.Arbitrary<string> => {
    const schema = documented.find((parameter) => parameter.name === name)?.schema;
    const generated = valueFor(document, schema).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    const accepted = options.queryValues?.[name] ?? [];
    return accepted.length > 0 ? fc.oneof(fc.constantFrom(...accepted), generated, hostileString) : fc.oneof(generated, hostileString);
  };

  return fc
    .record({
      path: fc.tuple(...pathParams.map(pathValue)),
      query: fc.tuple(...queryNames.map((name) => fc.option(queryValue(name), { freq: 2 }))),
      stray: fc.option(fc.tuple(hostileString, hostileString), { freq: 5 }),
      headers: fc.tuple(...headerNames.map(() => fc.option(headerValue, { freq: 2 }))),
      token: fc.option(fc.constantFrom(...options.tokens), { freq: 10 }),
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined) },
      ),
      body: method === 'get' ? fc.constant(undefined) : bodyFor(document, resolve(document, operation.requestBody?.content?.['application/json']?.schema), options.bodies?.[operationKey] ?? []),
    })
    .map(({ path: values, query, stray, headers, token, contentType, body }) => {
      const resolvedPath = pathParams.reduce((current, name, index) => current.replace(`{${name}}`, encodeLoosely(values[index] ?? '')), path);
      const pairs = queryNames.flatMap((name, index) => (query[index] === null ? [] : [`${encodeLoosely(name)}=${encodeLoosely(query[index] as string)}`]));
      if (stray) pairs.push(`${encodeLoosely(stray[0])}=${encodeLoosely(stray[1])}`);
      const requestHeaders: Record<string, string> = {};
      headerNames.forEach((name, index) => {
        if (headers[index] !== null) requestHeaders[name.toLowerCase()] = headers[index] as string;
      });
      if (token) requestHeaders.authorization = `Bearer ${token}`;
      if (body !== undefined && contentType) requestHeaders['content-type'] = contentType;
      return { method: method.toUpperCase(), url: pairs.length > 0 ? `${resolvedPath}?${pairs.join('&')}` : resolvedPath, headers: requestHeaders, body };
    });
}

/** Every operation of the document, as generated requests: well-formed and hostile parameters, headers and bodies. */
export function fuzzRequests(document: FuzzDocument, options: FuzzOptions): fc.Arbitrary<FuzzRequest> {
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => requestFor(document, path, method, operation, options)),
  );
  if (operations.length === 0) throw new Error('the OpenAPI document has no operations to fuzz');
  return fc.oneof(...operations);
}

/**
 * Sends `runs` generated requests over every operation of an OpenAPI document and fails, with the
 * shrunk request and the seed to replay it, on the first answer of 500 or above (or no answer).
 */
export async function fuzzOpenApi(baseUrl: string, document: FuzzDocument, options: FuzzOptions): Promise<FuzzOutcome> {
  const outcome: FuzzOutcome = { sent: 0, byStatus: {}, milliseconds: 0 };
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(fuzzRequests(document, options), async (request) => {
      outcome.sent += 1;
      let status: number;
      try {
        const response = await fetch(`${baseUrl}${request.url}`, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(15_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch (error) {
        throw new Error(`no answer to ${request.method} ${request.url}: ${String(error)}`);
      }
      outcome.byStatus[status] = (outcome.byStatus[status] ?? 0) + 1;
      if (status >= 500) throw new Error(`${status} for ${request.method} ${request.url}`);
    }),
    { numRuns: options.runs, seed: options.seed, verbose: fc.VerbosityLevel.None },
  );
  outcome.milliseconds = Math.round(performance.now() - started);
  return outcome;
}
