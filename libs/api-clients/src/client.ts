// A typed client per service (issue 19): openapi-fetch over the `paths` openapi-typescript made
// from the service's document, with a middleware that holds every answer against that document.
// The compile half of "a drift fails CI" is the typed paths (a route, parameter or body the
// document does not have does not compile); the runtime half is ResponseValidator.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import createClient, { Client, Middleware } from 'openapi-fetch';

import type { ServicePaths } from './generated';
import { OpenApiDocument, ResponseValidator } from './response-validator';

export type ServiceName = keyof ServicePaths;

/**
 * The body of a response the document gives no content (every response of the documents exported
 * before issue 19): `any`, so that code reading it compiles today and gets the real type, checked,
 * as soon as the document has a schema for it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UndocumentedBody = any;

/** The codes of R that openapi-fetch reads as errors: 4xx, 5xx, 4XX, 5XX and default. */
type ErrorCodes<R> = { [Code in keyof R]: `${Code & (string | number)}` extends `4${string}` | `5${string}` | 'default' ? Code : never }[keyof R];

type WithBodies<R> = {
  [Code in keyof R]: R[Code] extends { content?: never } ? Omit<R[Code], 'content'> & { content: { 'application/json': UndocumentedBody } } : R[Code];
};
/** An operation that documents no refusal yet answers them anyway: their problem body is untyped too. */
type WithRefusals<R> = [ErrorCodes<R>] extends [never] ? R & { default: { headers: Record<string, unknown>; content: { 'application/problem+json': UndocumentedBody } } } : R;
type Contracted<O> = O extends { responses: infer R } ? Omit<O, 'responses'> & { responses: WithRefusals<WithBodies<R>> } : O;

/** A service's `paths` with undocumented bodies as UndocumentedBody; documented ones keep their types. */
export type ContractedPaths<P> = { [Path in keyof P]: { [Method in keyof P[Path]]: Contracted<P[Path][Method]> } };

export type ServiceClient<S extends ServiceName> = Client<ContractedPaths<ServicePaths[S]>>;

/**
 * The JSON body an operation answers with for `Status` (200 unless given), as its document says:
 * UndocumentedBody while the document has no schema for it.
 */
export type ResponseBodyOf<
  S extends ServiceName,
  P extends keyof ServicePaths[S],
  M extends keyof ServicePaths[S][P],
  Status extends number = 200,
> = ContractedPaths<ServicePaths[S]>[P][M] extends { responses: infer R }
  ? Status extends keyof R
    ? R[Status] extends { content: { 'application/json': infer Body } }
      ? Body
      : never
    : never
  : never;

/**
 * An element of an answer's array: UndocumentedBody while the array is, the documented element
 * type once the document has the schema (for the parameters of callbacks over answers).
 */
export type ItemOf<T> = 0 extends 1 & T ? UndocumentedBody : T extends ReadonlyArray<infer Item> ? Item : never;

/** The JSON body an operation takes, as its document says: e.g. `RequestBodyOf<'intake', '/v1/cases', 'post'>`. */
export type RequestBodyOf<S extends ServiceName, P extends keyof ServicePaths[S], M extends keyof ServicePaths[S][P]> = ServicePaths[S][P][M] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The committed `docs/openapi/<service>.json`, found from here in the sources and in dist alike. */
export function loadServiceDocument(service: ServiceName): OpenApiDocument {
  const file = join('docs', 'openapi', `${service}.json`);
  for (let folder = __dirname; ; folder = dirname(folder)) {
    if (existsSync(join(folder, file))) return JSON.parse(readFileSync(join(folder, file), 'utf8')) as OpenApiDocument;
    if (dirname(folder) === folder) throw new Error(`${file} not found above ${__dirname}`);
  }
}

const validators = new Map<ServiceName, ResponseValidator>();

function validatorOf(service: ServiceName): ResponseValidator {
  let validator = validators.get(service);
  if (!validator) {
    validator = new ResponseValidator(loadServiceDocument(service), service);
    validators.set(service, validator);
  }
  return validator;
}

/** Holds every answer against the document: throws ContractDriftError on a drift. */
export function contractMiddleware(validator: ResponseValidator): Middleware {
  return {
    async onResponse({ request, response, schemaPath }) {
      const text = await response.clone().text();
      const contentType = response.headers.get('content-type');
      let body: unknown;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      validator.check({ method: request.method, path: schemaPath, status: response.status, contentType, body });
      return undefined;
    },
  };
}

export interface ServiceClientOptions {
  /** Headers on every request (the bearer token is added from `token`). */
  headers?: Record<string, string>;
  /** The document to hold answers against; the committed one by default. */
  document?: OpenApiDocument;
  fetch?: (input: Request) => Promise<Response>;
}

/** A typed client of `service` at `baseUrl`, sending `token` as a bearer token when given. */
export function serviceClient<S extends ServiceName>(service: S, baseUrl: string, token?: string, options: ServiceClientOptions = {}): ServiceClient<S> {
  const client = createClient<ContractedPaths<ServicePaths[S]>>({
    baseUrl,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(contractMiddleware(options.document ? new ResponseValidator(options.document, service) : validatorOf(service)));
  return client;
}

interface Reply {
  data?: unknown;
  error?: unknown;
  response: Response;
}

function unexpected(what: string, reply: Reply, statuses: number[]): Error {
  return new Error(`${what}: expected ${statuses.join(' or ')}, got ${reply.response.status} ${JSON.stringify(reply.error ?? reply.data)}`);
}

/** The body of a successful answer with one of `statuses`; any other answer throws, with its body. */
export async function bodyOf<R extends Reply>(what: string, reply: R | Promise<R>, ...statuses: number[]): Promise<NonNullable<R['data']>> {
  const settled = await reply;
  if (!statuses.includes(settled.response.status) || !settled.response.ok) throw unexpected(what, settled, statuses);
  return settled.data as NonNullable<R['data']>;
}

/** The problem of a refusal with one of `statuses`; any other answer throws, with its body. */
export async function problemOf<R extends Reply>(what: string, reply: R | Promise<R>, ...statuses: number[]): Promise<NonNullable<R['error']>> {
  const settled = await reply;
  if (!statuses.includes(settled.response.status) || settled.response.ok) throw unexpected(what, settled, statuses);
  return settled.error as NonNullable<R['error']>;
}
