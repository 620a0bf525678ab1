// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient declaration, no module to import
/// <reference path="./class-transformer-storage.d.ts" />
import 'reflect-metadata';

import { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { plainToInstance } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validateSync, ValidationError } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

import { passesClassValidator } from './contract-check';
import { EventEnvelope } from './envelope';
import { EventName, eventType } from './subject';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = object> = new (...args: any[]) => T;

/**
 * What an event's `data` carries. `snapshot`: the whole current state of what the event is about
 * (a lock, a protection status), so the newest one replaces every earlier one; `change`: only what
 * happened or changed (a call, a delivery), to be applied on top of what came before.
 */
export const EVENT_SEMANTICS = ['snapshot', 'change'] as const;
export type EventSemantics = (typeof EVENT_SEMANTICS)[number];

/** One event's contract: its name (service, aggregate, event, version), payload class and a sample. */
export interface EventContract<TData extends object = object> {
  name: EventName;
  dataClass: Constructor<TData>;
  example: TData;
  description: string;
  /** Whether `data` is a snapshot (the whole current state of its subject) or a change (only what changed). */
  semantics: EventSemantics;
}

export function defineEvent<TData extends object>(
  contract: Omit<EventContract<TData>, 'example'> & { example: NoInfer<TData> },
): EventContract<TData> {
  return contract;
}

export interface FieldViolation {
  field: string;
  rule: string;
  message: string;
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Validates a plain object against a contract class; returns the instance or the violations. */
export function validateContract<T extends object>(
  cls: Constructor<T>,
  plain: unknown,
): { ok: true; value: T } | { ok: false; violations: FieldViolation[] } {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, violations: [{ field: '', rule: 'isObject', message: 'payload must be an object' }] };
  }
  const value = plainToInstance(cls, plain as object);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return { ok: false, violations: flattenValidationErrors(errors) };
  return { ok: true, value };
}

/** Validates an envelope and its data against the event's contract. */
export function validateEvent<TData extends object>(
  contract: EventContract<TData>,
  plain: unknown,
): { ok: true; value: EventEnvelope<TData> } | { ok: false; violations: FieldViolation[] } {
  const expectedType = eventType(contract.name);
  // class-validator's verdict at a fraction of its cost; its "no" is asked again below for the reasons.
  if (
    passesClassValidator(EventEnvelope, plain) &&
    (plain as EventEnvelope).type === expectedType &&
    (plain as EventEnvelope).version === contract.name.version &&
    passesClassValidator(contract.dataClass, (plain as EventEnvelope).data)
  ) {
    return { ok: true, value: plain as EventEnvelope<TData> };
  }
  const envelope = validateContract(EventEnvelope, plain);
  if (!envelope.ok) return envelope;
  if (envelope.value.type !== expectedType || envelope.value.version !== contract.name.version) {
    return {
      ok: false,
      violations: [{ field: 'type', rule: 'equals', message: `expected ${expectedType} v${contract.name.version}` }],
    };
  }
  const data = validateContract(contract.dataClass, (plain as { data: unknown }).data);
  if (!data.ok) return { ok: false, violations: data.violations.map((v) => ({ ...v, field: `data.${v.field}` })) };
  return { ok: true, value: { ...envelope.value, data: data.value } };
}

type JsonSchema = Record<string, unknown>;

/**
 * Every contract class's schema, closed: a field that is not declared (a child's name, say) is an
 * error. Nested classes, arrays of them too, are resolved through class-transformer's `@Type`:
 * without it an array of objects would point at a schema named `Array`.
 */
export function contractDefinitions(): Record<string, JsonSchema> {
  const generated = validationMetadatasToSchemas({ refPointerPrefix: '#/$defs/', classTransformerMetadataStorage: defaultMetadataStorage }) as Record<string, JsonSchema>;
  return Object.fromEntries(Object.entries(generated).map(([name, schema]) => [name, { ...schema, additionalProperties: false }]));
}

/**
 * JSON Schema (draft 2020-12 compatible subset) of an event: the envelope with `data` set to
 * the payload class. Generated from the same class-validator metadata that validates at run
 * time, so the schema and the validator cannot disagree.
 */
export function eventJsonSchema(contract: EventContract): JsonSchema {
  const definitions = contractDefinitions();
  const envelope = definitions[EventEnvelope.name];
  const data = definitions[contract.dataClass.name];
  if (!envelope || !data) throw new Error(`no schema metadata for ${contract.dataClass.name}`);
  const type = eventType(contract.name);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://opis.inm.gob.mx/schemas/events/${type}.v${contract.name.version}.json`,
    title: `${type} v${contract.name.version}`,
    description: contract.description,
    ...envelope,
    properties: {
      ...(envelope.properties as JsonSchema),
      type: { type: 'string', const: type },
      version: { type: 'integer', const: contract.name.version },
      data: { $ref: `#/$defs/${contract.dataClass.name}` },
    },
    additionalProperties: false,
    $defs: definitions,
  };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Validates a plain event against its generated JSON Schema (what downstream systems use). */
export function validateAgainstJsonSchema(contract: EventContract, plain: unknown): string[] {
  const key = `${eventType(contract.name)}.v${contract.name.version}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(eventJsonSchema(contract));
    compiled.set(key, validate);
  }
  return validate(plain) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
