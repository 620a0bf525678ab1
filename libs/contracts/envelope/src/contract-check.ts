// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient declaration, no module to import
/// <reference path="./class-transformer-storage.d.ts" />
import 'reflect-metadata';

import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';
import { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * class-validator's own verdict on a plain object, without its cost. Every consumer validates
 * every event it receives, and `plainToInstance` + `validateSync` spend most of their time on
 * metadata lookups, error objects and instances no handler needs (about 0.25 ms an event on two
 * slow cores, half of what statistics spends per event). This reads the same metadata once per
 * class and then calls the same constraint functions, with the same rules as class-validator's
 * ValidationExecutor under { whitelist, forbidNonWhitelisted }: conditions (@IsOptional) skip a
 * property, `each` applies a constraint to every item, nested classes come from @Type.
 *
 * It only ever answers "valid" when class-validator would: anything it does not model (groups,
 * async or promise validation, @IsDefined, nested without a class) makes the class unchecked, and
 * callers then ask class-validator itself, as they do for every "invalid" (for the reasons).
 */
type ObjectCheck = (object: Record<string, unknown>) => boolean;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyClass = abstract new (...args: any[]) => unknown;

interface PropertyRules {
  readonly name: string;
  readonly conditions: readonly ValidationMetadata[];
  readonly constraints: ReadonlyArray<{ readonly metadata: ValidationMetadata; readonly constraint: ConstraintMetadata }>;
  readonly nested: readonly (() => ObjectCheck | null)[];
}

const checks = new Map<AnyClass, ObjectCheck | null>();

/** True when class-validator would find `plain` a valid `cls` (whitelisted, nothing forbidden); false when it would not, or cannot be told here. */
export function passesClassValidator(cls: AnyClass, plain: unknown): boolean {
  if (!isPlainObject(plain)) return false;
  const check = checkFor(cls);
  return check !== null && check(plain);
}

function checkFor(cls: AnyClass): ObjectCheck | null {
  if (!checks.has(cls)) {
    // Set first: a class that nests itself finds its own entry while compiling.
    let compiled: ObjectCheck | null = null;
    checks.set(cls, (object) => compiled !== null && compiled(object));
    compiled = compile(cls);
    checks.set(cls, compiled);
  }
  return checks.get(cls) ?? null;
}

function compile(cls: AnyClass): ObjectCheck | null {
  const storage = getMetadataStorage();
  // The same call (always: false, strictGroups: false, no groups) validateSync makes.
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false, undefined);
  // forbidUnknownValues: a class without metadata is refused; let class-validator say so.
  if (metadatas.length === 0) return null;
  const properties: PropertyRules[] = [];
  for (const [name, group] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const conditions: ValidationMetadata[] = [];
    const constraints: Array<{ metadata: ValidationMetadata; constraint: ConstraintMetadata }> = [];
    const nested: Array<() => ObjectCheck | null> = [];
    for (const metadata of group) {
      if (metadata.groups?.length || metadata.always !== undefined) return null;
      switch (metadata.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION:
          conditions.push(metadata);
          break;
        case ValidationTypes.CUSTOM_VALIDATION: {
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) return null;
            constraints.push({ metadata, constraint });
          }
          break;
        }
        case ValidationTypes.NESTED_VALIDATION: {
          const type = defaultMetadataStorage.findTypeMetadata(metadata.target as AnyClass, name)?.typeFunction() as unknown;
          if (typeof type !== 'function' || [Object, Date, String, Number, Boolean, Array].includes(type as never)) return null;
          nested.push(() => checkFor(type as AnyClass));
          break;
        }
        case ValidationTypes.WHITELIST:
          break;
        default:
          return null;
      }
    }
    properties.push({ name, conditions, constraints, nested });
  }
  const allowed = new Set(properties.map((property) => property.name));
  const targetName = cls.name;
  return (object) => {
    for (const key of Object.keys(object)) if (!allowed.has(key)) return false;
    for (const property of properties) {
      const value = object[property.name];
      if (!property.conditions.every((condition) => (condition.constraints[0] as (o: object, v: unknown) => boolean)(object, value))) continue;
      for (const { metadata, constraint } of property.constraints) {
        if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
        const args: ValidationArguments = { targetName, property: property.name, object, value, constraints: metadata.constraints };
        const valid = metadata.each && Array.isArray(value)
          ? value.every((item) => constraint.instance.validate(item, args) === true)
          : constraint.instance.validate(value, args) === true;
        if (!valid) return false;
      }
      for (const nestedCheck of property.nested) {
        const check = nestedCheck();
        if (check === null || !nestedValid(value, check)) return false;
      }
    }
    return true;
  };
}

/** class-validator's nestedValidations: nothing to check when absent, each item of an array, else an object of the class. */
function nestedValid(value: unknown, check: ObjectCheck): boolean {
  if (value === undefined) return true;
  // Arrays of arrays are left to class-validator (class-transformer would not make their items instances).
  if (Array.isArray(value)) return value.every((item) => !Array.isArray(item) && nestedValid(item, check));
  return isPlainObject(value) && check(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Object.prototype of any realm (JSON.parse's, a test sandbox's), not a class instance.
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
