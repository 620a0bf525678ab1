import { Constructor, contractDefinitions, FieldViolation } from './contract-schema';
import { requestPattern, ServiceName } from './subject';

export type JsonSchema = Record<string, unknown>;

/**
 * A reply without a validating class (an interface), described field by field. Keyed by the
 * interface's own keys, so a field added to the interface and not here fails the type check.
 */
export interface ObjectSchemaOf<T> {
  type: 'object';
  description?: string;
  properties: { [K in keyof Required<T>]: JsonSchema };
  required: readonly (keyof T & string)[];
}

/** One request/reply contract on `opis.<service>.q.<query>` (a question, never an event). */
export interface RequestContract<TRequest extends object = object, TReply extends object = object> {
  service: ServiceName;
  query: string;
  requestClass: Constructor<TRequest>;
  /** The reply's validating class, or its schema when the reply is an interface. */
  reply: Constructor<TReply> | ObjectSchemaOf<TReply>;
  /** How long a caller waits before treating silence as "no". */
  timeoutMs: number;
  description: string;
  example: { request: TRequest; reply: TReply };
}

export function defineRequest<TRequest extends object, TReply extends object>(
  contract: RequestContract<TRequest, TReply>,
): RequestContract<TRequest, TReply> {
  requestPattern(contract.service, contract.query);
  return contract;
}

/** `opis.intake.q.identity`. */
export function requestSubject(contract: RequestContract): string {
  return requestPattern(contract.service, contract.query);
}


function classSchema(cls: Constructor, definitions: Record<string, JsonSchema>): JsonSchema {
  const schema = definitions[cls.name];
  if (!schema) throw new Error(`no schema metadata for ${cls.name}`);
  return schema;
}

/**
 * JSON Schemas of a request and its reply (the `data` and `response` of the NATS request/reply
 * transport), generated from the classes that validate them where there are classes.
 */
export function requestJsonSchemas(contract: RequestContract): { request: JsonSchema; reply: JsonSchema; $defs: Record<string, JsonSchema> } {
  const definitions = contractDefinitions();
  const request = classSchema(contract.requestClass, definitions);
  const reply =
    typeof contract.reply === 'function'
      ? classSchema(contract.reply, definitions)
      : { ...contract.reply, required: [...contract.reply.required], additionalProperties: false };
  return { request, reply, $defs: definitions };
}

/** The error answer of a request (the platform's RPC error payload): a code and kind, never personal data. */
export interface RequestErrorPayload {
  code: string;
  kind: string;
  detail: string;
  rule?: string;
  errors?: FieldViolation[];
}

export const REQUEST_ERROR_SCHEMA: ObjectSchemaOf<RequestErrorPayload> = {
  type: 'object',
  description: 'Why a request was refused: the caller maps `kind` (e.g. FORBIDDEN, NOT_FOUND, VALIDATION); a fail-safe caller treats it as "no".',
  properties: {
    code: { type: 'string' },
    kind: { type: 'string' },
    detail: { type: 'string' },
    rule: { type: 'string', description: 'The DOMAIN.md rule id, when a rule refused it.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'rule', 'message'],
      },
    },
  },
  required: ['code', 'kind', 'detail'],
};
