import { FieldViolation } from '@opis/contracts-envelope';
import { FastifyInstance } from 'fastify';

import { BodyTooDeepError, InvalidInputError } from '../errors/domain-error';

/** What a request may hold before anything of it is transformed, validated or stored. */
export interface InputLimits {
  /** Objects and arrays nested deeper than this are refused (HTTP_BODY_MAX_DEPTH). */
  maxDepth: number;
}

/** The most violations one refusal names: a body full of bad strings must not make a huge answer. */
const MAX_VIOLATIONS = 20;

/**
 * U+0000, and a UTF-16 surrogate not part of a pair (`\p{Cs}` in a `u` regex): PostgreSQL refuses
 * both in text and jsonb (a lone surrogate cannot even be encoded as UTF-8), so they failed at the
 * first write, after the request was accepted, as a 500.
 */
const NUL = '\u0000';
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

export type MalformedInput =
  | { kind: 'too-deep'; field: string }
  | { kind: 'characters'; violations: FieldViolation[] };

/** The rule a string breaks, if any. */
export function textViolation(field: string, text: string): FieldViolation | undefined {
  const name = field || 'the body';
  if (text.includes(NUL)) return { field, rule: 'noNulCharacter', message: `${name} must not contain the NUL character (U+0000)` };
  if (LONE_SURROGATE.test(text)) {
    return { field, rule: 'noLoneSurrogate', message: `${name} must be well-formed Unicode: it holds an unpaired UTF-16 surrogate` };
  }
  return undefined;
}

/** A property name as the answer echoes it: without the characters refused. */
function printable(key: string): string {
  return key.replaceAll(NUL, '\ufffd').replace(LONE_SURROGATES, '\ufffd');
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/**
 * Walks parsed JSON (or a query or path parameters) without recursion, so that no nesting can
 * overflow the stack here, and finds what must be refused before class-transformer and
 * class-validator (both recursive) see it: nesting deeper than `maxDepth`, and strings (values or
 * property names) holding NUL or a lone surrogate. Field paths are written as validation errors
 * write them (`child.languages.0`), so one refusal reads like any other.
 */
export function findMalformedInput(value: unknown, limits: InputLimits, root = ''): MalformedInput | undefined {
  const violations: FieldViolation[] = [];
  // `key`: the property name that led here, checked like a value.
  const pending: { value: unknown; field: string; depth: number; key?: string }[] = [{ value, field: root, depth: 0 }];
  while (pending.length > 0 && violations.length < MAX_VIOLATIONS) {
    const current = pending.pop() as (typeof pending)[number];
    const keyViolation = current.key === undefined ? undefined : textViolation(current.field, current.key);
    if (keyViolation) violations.push(keyViolation);
    if (typeof current.value === 'string') {
      const violation = textViolation(current.field, current.value);
      if (violation) violations.push(violation);
      continue;
    }
    if (current.value === null || typeof current.value !== 'object') continue;
    const depth = current.depth + 1;
    if (depth > limits.maxDepth) return { kind: 'too-deep', field: current.field };
    const children: typeof pending = Array.isArray(current.value)
      ? current.value.map((child, index) => ({ value: child, field: join(current.field, String(index)), depth }))
      : Object.entries(current.value).map(([key, child]) => ({ value: child, field: join(current.field, printable(key)), depth, key }));
    // Reversed onto the stack, so fields are visited (and reported) in the order of the input.
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index] as (typeof pending)[number]);
  }
  return violations.length > 0 ? { kind: 'characters', violations } : undefined;
}

/**
 * Refuses, on every route, a request whose body, query or path parameters are malformed in a way
 * validation cannot survive or storage cannot hold (see findMalformedInput): 400 problem+json
 * naming the field and the rule. It runs once the body is parsed and before the handler (auth,
 * pipes), like a malformed JSON body, so nothing of the request is read or written.
 */
export function refuseMalformedInput(fastify: FastifyInstance, limits: InputLimits): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const violations: FieldViolation[] = [];
    for (const value of [request.params, request.query]) {
      const found = findMalformedInput(value, limits);
      if (found?.kind === 'characters') violations.push(...found.violations);
    }
    const body = findMalformedInput(request.body, limits);
    if (body?.kind === 'too-deep') return done(new BodyTooDeepError(body.field, limits.maxDepth));
    if (body) violations.push(...body.violations);
    if (violations.length > 0) return done(new InvalidInputError(violations.slice(0, MAX_VIOLATIONS)));
    done();
  });
}
