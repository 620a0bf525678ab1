import { OpenAPIObject } from '@nestjs/swagger';

import { PROBLEM_CONTENT_TYPE } from '../errors/problem';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency/idempotency-key';

/** Each operation's success schema, generated from the controllers' return types (`npm run docs`). */
export interface ResponseSchemas {
  operations: Record<string, object>;
  schemas: Record<string, object>;
}

type Operation = {
  operationId?: string;
  security?: unknown[];
  parameters?: Array<{ name?: string; in?: string; $ref?: string }>;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: object }>; $ref?: string }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const WRITES = new Set(['put', 'post', 'delete', 'patch']);

/** The refusals every API of the platform answers, as problem+json (libs/platform error filter). */
const REFUSALS: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'The request is malformed or a field breaks a rule; `errors` names each field and rule.' },
  '401': { name: 'Unauthorized', description: 'No valid bearer token.' },
  '403': { name: 'Forbidden', description: 'Your roles do not allow this action.' },
  '404': { name: 'NotFound', description: 'No such resource, or one outside your offices (the same answer for both).' },
  '409': { name: 'Conflict', description: 'The resource is not in a state that allows this action; or an Idempotency-Key is still being processed, or was applied without its answer recorded (Location names the result).' },
  '413': { name: 'ContentTooLarge', description: 'The body is over the service\'s limit (HTTP_BODY_LIMIT_BYTES).' },
  '415': { name: 'UnsupportedMediaType', description: 'The body is not application/json.' },
  '421': { name: 'Misdirected', description: 'This instance does not serve the office of the request (OFFICES): send it to the instance that does.' },
  '412': { name: 'PreconditionFailed', description: 'If-Match names a version that is no longer current: read the resource again and reapply your change.' },
  '422': { name: 'UnprocessableContent', description: 'A rule of the domain refuses the action, or an Idempotency-Key was reused with a different request.' },
  '428': { name: 'PreconditionRequired', description: 'This correction needs If-Match with the ETag of the version it corrects.' },
  '429': { name: 'TooManyRequests', description: 'Over the rate limit; Retry-After says when to try again.' },
};

const PROBLEM_SCHEMAS = {
  FieldViolation: {
    type: 'object',
    required: ['field', 'rule', 'message'],
    properties: {
      field: { type: 'string', description: 'The field, header or parameter, as a path (`person.dateOfBirth`).' },
      rule: { type: 'string', description: 'The rule it breaks (`isUUID`, `notInFuture`, …).' },
      message: { type: 'string' },
    },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details.',
    required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: { type: 'string', description: 'Stable machine-readable code of the refusal.' },
      rule: { type: 'string', description: 'The domain rule (DOMAIN.md) behind a 422.' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldViolation' } },
    },
  },
};

/** Which refusals an operation can answer. */
function refusalsOf(method: string, operation: Operation): string[] {
  if (Array.isArray(operation.security) && operation.security.length === 0) return ['429'];
  const codes = ['400', '401', '403', '404', '421', '429'];
  if (WRITES.has(method)) codes.push('409', '422');
  if (method !== 'get' && method !== 'delete') codes.push('413', '415');
  if (operation.parameters?.some((parameter) => parameter.in === 'header' && parameter.name?.toLowerCase() === 'if-match')) codes.push('412', '428');
  return codes.sort();
}

/**
 * Completes what Nest's generator leaves out: each operation's success schema (generated from the
 * controller's return type), the problem+json refusals every route can answer, Idempotency-Key on
 * every POST (libs/platform honours it on all of them), the licence and a relative server. Drops
 * component schemas no operation reaches (request/reply classes Nest picks up from controllers).
 */
export function completeOpenApiDocument(document: OpenAPIObject, responses?: ResponseSchemas): OpenAPIObject {
  const schemas: Record<string, object> = { ...(document.components?.schemas ?? {}), ...(responses?.schemas ?? {}), ...PROBLEM_SCHEMAS };
  const problemResponses = Object.fromEntries(
    Object.values(REFUSALS).map(({ name, description }) => [
      name,
      { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } },
    ]),
  );
  const paths: Record<string, Record<string, Operation>> = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const completed: Record<string, Operation> = { ...(item as Record<string, Operation>) };
    for (const method of METHODS) {
      const operation = completed[method];
      if (!operation) continue;
      const next: Operation = { ...operation, responses: { ...operation.responses } };
      const schema = operation.operationId ? responses?.operations[operation.operationId] : undefined;
      // Every success with a body (a PUT may create, 201, or replace, 200): the same schema.
      for (const success of Object.keys(next.responses).filter((code) => code.startsWith('2') && code !== '204')) {
        if (!schema) continue;
        // Other media types a controller documents (statistics' text/csv) stay beside the JSON one.
        next.responses[success] = { ...next.responses[success], content: { ...next.responses[success].content, 'application/json': { schema } } };
      }
      for (const code of refusalsOf(method, operation)) next.responses[code] = { $ref: `#/components/responses/${REFUSALS[code].name}` };
      if (method === 'post' && !next.parameters?.some((parameter) => parameter.name === IDEMPOTENCY_KEY_HEADER)) {
        next.parameters = [...(next.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
      }
      completed[method] = next;
    }
    paths[path] = completed;
  }
  // Only the refusals some operation answers (412/428 belong to services with corrections).
  const answered = JSON.stringify(paths);
  const usedProblemResponses = Object.fromEntries(Object.entries(problemResponses).filter(([name]) => answered.includes(`#/components/responses/${name}"`)));
  const components = {
    ...document.components,
    schemas,
    responses: { ...(document.components?.responses ?? {}), ...usedProblemResponses },
    parameters: {
      ...(document.components?.parameters ?? {}),
      IdempotencyKey: {
        name: IDEMPOTENCY_KEY_HEADER,
        in: 'header',
        required: false,
        description:
          'A key of your choosing (1 to 200 visible ASCII characters) that makes a retry safe: the same key with the same request answers what the first one answered, without doing it twice; with a different request, 422. Kept 24 hours per caller.',
        schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
      },
    },
  };
  const completed = {
    ...document,
    info: { ...document.info, license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' } },
    servers: document.servers?.length ? document.servers : [{ url: '/', description: 'The host this document was read from' }],
    paths,
    components,
  } as OpenAPIObject;
  return withoutUnreachedSchemas(completed);
}

function withoutUnreachedSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, object>;
  const reached = new Set<string>();
  const pending = [JSON.stringify({ paths: document.paths, responses: document.components?.responses, parameters: document.components?.parameters })];
  while (pending.length > 0) {
    for (const [, name] of (pending.pop() as string).matchAll(/#\/components\/schemas\/([\w.$-]+)/g)) {
      if (reached.has(name) || !schemas[name]) continue;
      reached.add(name);
      pending.push(JSON.stringify(schemas[name]));
    }
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
  return { ...document, components: { ...document.components, schemas: kept } } as OpenAPIObject;
}
