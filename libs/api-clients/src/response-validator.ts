// The runtime half of "a drift fails CI" (issue 19): every answer a typed client receives is held
// against its service's OpenAPI document. A status the operation does not document, a media type
// it does not document for that status, or a JSON body its schema refuses throws a
// ContractDriftError naming the operation, the status and what Ajv found.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface MediaTypeObject {
  schema?: Json;
}

interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
  /** A response kept once under components.responses (the problem+json refusals). */
  $ref?: string;
}

interface OperationObject {
  operationId?: string;
  responses?: Record<string, ResponseObject>;
}

/** The part of an OpenAPI 3.0 document the validator reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
}

export class ContractDriftError extends Error {
  constructor(
    public readonly operation: string,
    public readonly status: number,
    public readonly problems: string[],
  ) {
    super(`${operation} answered ${status}, which its OpenAPI document does not allow: ${problems.join('; ')}`);
    this.name = 'ContractDriftError';
  }
}

/** One answer as received: the body already parsed when it is JSON (undefined when empty). */
export interface ReceivedResponse {
  method: string;
  /** The path template of the document, e.g. `/v1/cases/{caseId}`. */
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

/**
 * OpenAPI 3.0 schema objects as JSON Schema (draft 7) for Ajv: `nullable: true` admits null,
 * boolean `exclusiveMinimum`/`exclusiveMaximum` become the bounds they qualify, and local
 * references point into the document registered under `base`.
 */
export function toJsonSchema(node: Json, base: string): Json {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, base));
  if (node === null || typeof node !== 'object') return node;
  const converted: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    converted[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${base}${value}` : toJsonSchema(value, base);
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof converted[flag] !== 'boolean') continue;
    if (converted[flag] === true && typeof converted[bound] === 'number') {
      converted[flag] = converted[bound];
      delete converted[bound];
    } else {
      delete converted[flag];
    }
  }
  if (converted.nullable === true) {
    delete converted.nullable;
    return { anyOf: [converted, { type: 'null' }] };
  }
  if (typeof converted.nullable === 'boolean') delete converted.nullable;
  return converted;
}

const mediaOf = (contentType: string | null) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
const isJson = (media: string) => media === 'application/json' || media.endsWith('+json');

/** The node a local reference (`#/components/responses/NotFound`) points at. */
function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported, not ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), document);
}

/** `403`, then `4XX`, then `default`: how OpenAPI picks the response object of a status. */
function responseFor(responses: Record<string, ResponseObject>, status: number): [string, ResponseObject] | undefined {
  const code = [String(status), `${String(status)[0]}XX`, 'default'].find((key) => responses[key] !== undefined);
  return code === undefined ? undefined : [code, responses[code] as ResponseObject];
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath || '(body)';
    const detail = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : error.keyword === 'enum' ? ` (${JSON.stringify(error.params.allowedValues)})` : '';
    return `${where} ${error.message ?? error.keyword}${detail}`;
  });
}

export class ResponseValidator {
  private readonly ajv: Ajv;
  private readonly base: string;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly document: OpenApiDocument,
    service = 'service',
  ) {
    this.base = `https://opis.invalid/openapi/${service}.json`;
    // strict off: an OpenAPI document carries keywords Ajv does not know (example, discriminator,
    // the paths and components around the schemas).
    this.ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(this.ajv);
    this.ajv.addSchema(toJsonSchema(document as unknown as Json, this.base) as object, this.base);
  }

  /** Throws a ContractDriftError unless the document allows this answer. */
  public check(received: ReceivedResponse): void {
    const method = received.method.toLowerCase();
    const operation = this.document.paths[received.path]?.[method] as OperationObject | undefined;
    const name = `${operation?.operationId ?? 'an undocumented operation'} (${received.method.toUpperCase()} ${received.path})`;
    if (!operation) throw new ContractDriftError(name, received.status, ['the document has no such operation']);
    const responses = operation.responses ?? {};
    const found = responseFor(responses, received.status);
    if (!found) {
      // Documents exported before issue 19 list no 4xx at all: until an operation documents one,
      // its refusals are not held against it. Once it documents any, every 4xx must be listed.
      const documentsRefusals = Object.keys(responses).some((code) => code.startsWith('4') || code === 'default');
      if (received.status >= 400 && received.status < 500 && !documentsRefusals) return;
      throw new ContractDriftError(name, received.status, [`status ${received.status} is not documented (documented: ${Object.keys(responses).join(', ') || 'none'})`]);
    }
    const [code] = found;
    const response = this.dereference(found[1]);
    const content = response.content ?? {};
    // A response documented without content (every one before issue 19) says nothing to check.
    if (Object.keys(content).length === 0) return;
    const media = mediaOf(received.contentType);
    const documented = Object.keys(content).find((key) => key.toLowerCase() === media);
    if (documented === undefined) {
      throw new ContractDriftError(name, received.status, [`content type ${media || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`]);
    }
    if (!isJson(media) || content[documented]?.schema === undefined) return;
    const validate = this.validatorFor(`${method} ${received.path} ${code} ${documented}`, content[documented].schema as Json);
    if (received.body === undefined) throw new ContractDriftError(name, received.status, ['the body is empty, the document gives it a schema']);
    if (!validate(received.body)) throw new ContractDriftError(name, received.status, describe(validate.errors));
  }

  /** Compiles every documented response schema (a broken reference fails here); returns how many. */
  public compileAll(): number {
    let count = 0;
    for (const [path, item] of Object.entries(this.document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, OperationObject>)) {
        for (const [code, response] of Object.entries(operation.responses ?? {})) {
          for (const [media, { schema }] of Object.entries(this.dereference(response).content ?? {})) {
            if (schema === undefined || !isJson(media.toLowerCase())) continue;
            this.validatorFor(`${method} ${path} ${code} ${media}`, schema);
            count += 1;
          }
        }
      }
    }
    return count;
  }

  private dereference(response: ResponseObject): ResponseObject {
    let resolved = response;
    for (let hops = 0; resolved.$ref !== undefined; hops++) {
      const target = resolvePointer(this.document, resolved.$ref) as ResponseObject | undefined;
      if (!target || hops > 10) throw new Error(`the response reference ${resolved.$ref} does not resolve`);
      resolved = target;
    }
    return resolved;
  }

  private validatorFor(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema, this.base) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
