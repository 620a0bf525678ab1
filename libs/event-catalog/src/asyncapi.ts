import { createHash } from 'node:crypto';

import {
  EventContract,
  eventJsonSchema,
  EventEnvelope,
  EventSemantics,
  eventType,
  JsonSchema,
  OFFICE_CODES,
  REQUEST_ERROR_SCHEMA,
  RequestContract,
  requestJsonSchemas,
  requestSubject,
  streamName,
  streamSubjects,
} from '@opis/contracts-envelope';

import { CONTRACT_LIBRARIES } from './registry';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AsyncApiDocument = Record<string, any>;

const SCHEMA_REF = '#/components/schemas/';
const DUPLICATE_WINDOW = '2 minutes';

/** `intake.case.registered.v1`: the channel, message and schema file id of one event version. */
export function eventId(contract: EventContract): string {
  return `${eventType(contract.name)}.v${contract.name.version}`;
}

/** `intake.q.identity`. */
export function requestId(contract: RequestContract): string {
  return `${contract.service}.q.${contract.query}`;
}

/** The subject with the office as a parameter: `opis.intake.case.registered.v1.{office}`. */
export function eventAddress(contract: EventContract): string {
  const { service, aggregate, event, version } = contract.name;
  return `opis.${service}.${aggregate}.${event}.v${version}.{office}`;
}

/** One line on what an event's `data` carries, for the message and the Markdown and HTML catalogs. */
export const SEMANTICS_TEXT: Readonly<Record<EventSemantics, string>> = {
  snapshot: 'snapshot: `data` is the whole current state of what the event is about; the newest replaces every earlier one',
  change: 'change: `data` is only what happened or changed, applied on top of the events before it',
};

/** A stable id per event, so the published examples do not change between generations. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `0190f5c2-${hex.slice(0, 4)}-7${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.slice(10, 22)}`;
}

/** The sample event as it travels: the contract's example in a complete envelope. */
export function exampleEnvelope(contract: EventContract): EventEnvelope {
  const id = stableUuid(eventId(contract));
  return {
    id,
    type: eventType(contract.name),
    version: contract.name.version,
    occurredAt: '2026-11-29T15:00:00.000Z',
    caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01',
    officeCode: 'CHP',
    actor: { kind: 'officer', id: 'opi-chp-0042' },
    correlationId: id,
    caseVersion: 1,
    data: contract.example,
  };
}

function rewriteRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\//g, `"${SCHEMA_REF}`)) as T;
}

/** Adds `name` and every schema it reaches to `schemas`, with refs into components. */
function collectSchema(name: string, definitions: Record<string, JsonSchema>, schemas: Record<string, JsonSchema>): void {
  if (schemas[name]) return;
  const definition = definitions[name];
  if (!definition) throw new Error(`no schema metadata for ${name}`);
  const rewritten = rewriteRefs(definition);
  schemas[name] = rewritten;
  for (const [, referenced] of JSON.stringify(rewritten).matchAll(/#\/components\/schemas\/([\w$]+)/g)) {
    collectSchema(referenced as string, definitions, schemas);
  }
}

function officeParameter(): JsonSchema {
  return {
    description: 'The federal office (ISO 3166-2:MX code without `MX-`) whose case it is; a subscriber may filter one office.',
    enum: [...OFFICE_CODES],
    examples: ['CHP', 'TAB'],
  };
}

function eventPayload(contract: EventContract, envelope: JsonSchema): JsonSchema {
  const type = eventType(contract.name);
  return {
    type: 'object',
    title: `${type} v${contract.name.version}`,
    description: 'The OPIS event envelope with this event\'s `data`.',
    required: envelope['required'],
    properties: {
      ...(rewriteRefs(envelope['properties']) as JsonSchema),
      type: { type: 'string', const: type },
      version: { type: 'integer', const: contract.name.version },
      data: { $ref: `${SCHEMA_REF}${contract.dataClass.name}` },
    },
    additionalProperties: false,
  };
}

/**
 * The AsyncAPI 3 document of every event and request/reply contract, built from the contracts
 * libraries (CONTRACT_LIBRARIES) and the same class-validator metadata that validates at run time.
 */
export function buildAsyncApiDocument(): AsyncApiDocument {
  const channels: AsyncApiDocument = {};
  const operations: AsyncApiDocument = {};
  const messages: AsyncApiDocument = {};
  const schemas: Record<string, JsonSchema> = {};
  const tags = CONTRACT_LIBRARIES.map((library) => ({
    name: library.service,
    description: `Contracts of the ${library.service} service (${library.packageName}), stream ${streamName(library.service)}.`,
  }));

  for (const library of CONTRACT_LIBRARIES) {
    for (const contract of library.events) {
      const id = eventId(contract);
      const generated = eventJsonSchema(contract);
      const definitions = generated['$defs'] as Record<string, JsonSchema>;
      collectSchema(EventEnvelope.name, definitions, schemas);
      collectSchema(contract.dataClass.name, definitions, schemas);
      const envelope = definitions[EventEnvelope.name] as JsonSchema;
      messages[id] = {
        name: eventType(contract.name),
        title: `${eventType(contract.name)} v${contract.name.version}`,
        summary: contract.description,
        description: `Semantics: ${SEMANTICS_TEXT[contract.semantics]}.`,
        contentType: 'application/json',
        tags: [{ name: library.service }],
        headers: {
          type: 'object',
          properties: {
            'Nats-Msg-Id': {
              type: 'string',
              format: 'uuid',
              description: `The event id (envelope \`id\`): JetStream drops a copy published again within ${DUPLICATE_WINDOW}.`,
            },
          },
        },
        payload: eventPayload(contract, envelope),
        examples: [{ name: 'sample', summary: `A sample ${eventType(contract.name)} in office CHP`, payload: exampleEnvelope(contract) }],
        'x-event-type': eventType(contract.name),
        'x-event-version': contract.name.version,
        'x-event-semantics': contract.semantics,
        'x-json-schema': `schemas/${id}.json`,
      };
      channels[id] = {
        address: eventAddress(contract),
        title: `${eventType(contract.name)} v${contract.name.version}`,
        description: contract.description,
        parameters: { office: { $ref: '#/components/parameters/office' } },
        messages: { [id]: { $ref: `#/components/messages/${id}` } },
        'x-jetstream-stream': streamName(library.service),
        'x-jetstream-subjects': streamSubjects(library.service),
      };
      operations[`${id}.publish`] = {
        action: 'send',
        title: `${library.service} publishes ${eventType(contract.name)} v${contract.name.version}`,
        summary: `Published by ${library.service} from its transactional outbox, in stream ${streamName(library.service)}.`,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
        tags: [{ name: library.service }],
      };
    }

    for (const contract of library.requests) {
      const id = requestId(contract);
      const generated = requestJsonSchemas(contract);
      collectSchema(contract.requestClass.name, generated.$defs, schemas);
      const replyName = typeof contract.reply === 'function' ? contract.reply.name : `${contract.requestClass.name.replace(/Request$/, '')}Reply`;
      if (typeof contract.reply === 'function') collectSchema(replyName, generated.$defs, schemas);
      else schemas[replyName] = generated.reply;
      schemas['RequestError'] = { ...REQUEST_ERROR_SCHEMA, required: [...REQUEST_ERROR_SCHEMA.required], additionalProperties: false };
      messages[`${id}.request`] = {
        name: `${id}.request`,
        title: `${requestSubject(contract)} request`,
        summary: contract.description,
        contentType: 'application/json',
        tags: [{ name: library.service }],
        payload: {
          type: 'object',
          description: 'The NATS request/reply transport\'s request: the pattern, the request as `data`, and an id the reply echoes.',
          required: ['pattern', 'data'],
          properties: {
            pattern: { type: 'string', const: requestSubject(contract) },
            data: { $ref: `${SCHEMA_REF}${contract.requestClass.name}` },
            id: { type: 'string' },
          },
        },
        examples: [{ name: 'sample', payload: { pattern: requestSubject(contract), data: contract.example.request, id: '1' } }],
      };
      messages[`${id}.reply`] = {
        name: `${id}.reply`,
        title: `${requestSubject(contract)} reply`,
        summary: `The answer, or \`err\` (a RequestError). No answer within ${contract.timeoutMs} ms counts as "no" (fail safe).`,
        contentType: 'application/json',
        tags: [{ name: library.service }],
        payload: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            response: { $ref: `${SCHEMA_REF}${replyName}` },
            err: { oneOf: [{ type: 'null' }, { $ref: `${SCHEMA_REF}RequestError` }] },
            isDisposed: { type: 'boolean' },
          },
        },
        examples: [{ name: 'sample', payload: { id: '1', response: contract.example.reply, err: null, isDisposed: true } }],
      };
      channels[id] = {
        address: requestSubject(contract),
        title: `${requestSubject(contract)} (request/reply)`,
        description: `${contract.description} A question, never an event: no stream captures it.`,
        messages: { [`${id}.request`]: { $ref: `#/components/messages/${id}.request` } },
      };
      channels[`${id}.reply`] = {
        address: null,
        title: `${requestSubject(contract)} reply inbox`,
        description: 'The caller\'s own inbox (the NATS reply subject of the request).',
        messages: { [`${id}.reply`]: { $ref: `#/components/messages/${id}.reply` } },
      };
      operations[`${id}.answer`] = {
        action: 'receive',
        title: `${library.service} answers ${requestSubject(contract)}`,
        summary: contract.description,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${id}.request` }],
        reply: {
          channel: { $ref: `#/channels/${id}.reply` },
          messages: [{ $ref: `#/channels/${id}.reply/messages/${id}.reply` }],
        },
        tags: [{ name: library.service }],
        'x-timeout-ms': contract.timeoutMs,
      };
    }
  }

  return {
    asyncapi: '3.1.0',
    id: 'urn:mx:gob:inm:opis:events',
    info: {
      title: 'OPIS platform events',
      version: '1.0.0',
      description: [
        'Every event the OPIS services publish on NATS JetStream, and the questions they answer over NATS request/reply.',
        '',
        'Subjects are `opis.<service>.<aggregate>.<event>.v<version>.<office>`; each service\'s events are in stream',
        '`OPIS_<SERVICE>` (subjects `opis.<service>.*.*.*.*`). Every event travels in the same envelope',
        '(`id`, `type`, `version`, `occurredAt`, `caseId`, `officeCode`, `actor`, `correlationId`, `caseVersion`, `data`) and carries',
        'no personal data. A new version of an event is a new subject (`.v2.`) published beside the old one.',
        '',
        '`caseVersion` orders a case\'s events within one service\'s stream: 1 for the first, then one more per event, with no',
        'gaps. Apply a case\'s events in `caseVersion` order and skip versions you already applied; a gap means an event is',
        'still on its way. The stream sequence is a delivery position, never a version: a republished event keeps its',
        '`id` and `caseVersion` and arrives with a new sequence. Take a producer\'s whole stream (one filter per consumer on',
        'nats-server 2.9) and ignore the types you do not need, so that no version is missing from your view.',
        '',
        'Each event says what its `data` carries (`x-event-semantics`): a `snapshot` is the whole current state of what it is',
        'about (a lock, a protection status), so the newest replaces every earlier one; a `change` is only what happened or',
        'changed (a call, a delivery), to be applied on top of the events before it.',
      ].join('\n'),
      tags,
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:4222',
        protocol: 'nats',
        description: 'The NATS of `npm start`; a deployment gives its own NATS_URL and a user per subscriber.',
      },
    },
    channels,
    operations,
    components: {
      parameters: { office: officeParameter() },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      messages,
    },
  };
}

/** The published JSON Schema of each event version, by file name (`intake.case.registered.v1.json`). */
export function eventSchemaFiles(): Map<string, JsonSchema> {
  const files = new Map<string, JsonSchema>();
  for (const library of CONTRACT_LIBRARIES) {
    for (const contract of library.events) files.set(`${eventId(contract)}.json`, reachableOnly(eventJsonSchema(contract)));
  }
  return files;
}

/** eventJsonSchema carries every class's definition; a published file keeps what it reaches. */
export function reachableOnly(schema: JsonSchema): JsonSchema {
  const definitions = schema['$defs'] as Record<string, JsonSchema>;
  const kept: Record<string, JsonSchema> = {};
  const visit = (value: unknown): void => {
    for (const [, name] of JSON.stringify(value).matchAll(/#\/\$defs\/([\w$]+)/g)) {
      if (kept[name as string] || !definitions[name as string]) continue;
      kept[name as string] = definitions[name as string] as JsonSchema;
      visit(definitions[name as string]);
    }
  };
  const { $defs: _all, ...root } = schema;
  visit(root);
  return { ...root, $defs: Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b))) };
}
