import { flattenValidationErrors } from '@opis/contracts-envelope';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, IS_OPTIONAL, ValidationError, ValidationTypes, ValidatorOptions } from 'class-validator';

import { findMalformedInput, InputLimits } from '../http/malformed-input';
import { BodyTooDeepError, InvalidInputError } from './domain-error';

type Constructor = abstract new (...args: never[]) => unknown;

/** What class-validator lets through about a class's properties, that the pipe refuses. */
interface ShapeRules {
  /**
   * Properties whose only condition is @IsOptional(). class-validator skips every rule of such a
   * property when it is null as well as when it is absent, so `"givenNames": null` passed
   * validation and reached the database as a NOT NULL violation (a 500), or was stored as if it
   * were a value. Absent is what optional means in the published OpenAPI (3.0: no value is null
   * unless it says `nullable`); a property that may be cleared with null says so with its own
   * @ValidateIf, as intake's `dateOfBirth` does, and is left alone.
   */
  nullRefused: ReadonlySet<string>;
  /**
   * Properties with @ValidateNested() but not `each`: one object. class-validator validates an
   * array there item by item, so `"place": []` passed, and the handler failed on it as a 500.
   */
  singleObject: ReadonlySet<string>;
  /**
   * String properties that are required (no condition) or have a minimum length: text made only
   * of whitespace is refused there. `"familyNames": "   "` met @IsString and @MinLength(1) and
   * was stored as a child's name, unsearchable and unreadable on every document printed from it.
   */
  notBlank: ReadonlySet<string>;
  /** Of those, the ones with a minimum of their own, which already name an empty string. */
  ownMinimum: ReadonlySet<string>;
}

function hasMinimum(name: string | undefined, constraints: unknown[] | undefined): boolean {
  if (name === 'isNotEmpty') return true;
  if (name === 'minLength' || name === 'isLength') return Number(constraints?.[0]) > 0;
  return false;
}

/** Per class; null for a class without validation rules. */
const shapeRulesCache = new WeakMap<Constructor, ShapeRules | null>();

function shapeRulesOf(target: Constructor): ShapeRules | null {
  const cached = shapeRulesCache.get(target);
  if (cached !== undefined) return cached;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target as never, '', true, false);
  if (metadatas.length === 0) {
    shapeRulesCache.set(target, null);
    return null;
  }
  const conditions = new Map<string, string[]>();
  const singleObject = new Set<string>();
  const strings = new Set<string>();
  const ownMinimum = new Set<string>();
  for (const metadata of metadatas) {
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      conditions.set(metadata.propertyName, [...(conditions.get(metadata.propertyName) ?? []), metadata.name ?? '']);
    } else if (metadata.type === ValidationTypes.NESTED_VALIDATION && !metadata.each) {
      singleObject.add(metadata.propertyName);
    } else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION && !metadata.each) {
      if (metadata.name === 'isString') strings.add(metadata.propertyName);
      if (hasMinimum(metadata.name, metadata.constraints)) ownMinimum.add(metadata.propertyName);
    }
  }
  const nullRefused = new Set(
    [...conditions].filter(([, names]) => names.every((name) => name === IS_OPTIONAL)).map(([property]) => property),
  );
  const notBlank = new Set([...strings].filter((property) => !conditions.has(property) || ownMinimum.has(property)));
  const rules = { nullRefused, singleObject, notBlank, ownMinimum };
  shapeRulesCache.set(target, rules);
  return rules;
}

function violation(field: string, rule: string, message: string): ValidationError {
  const error = new ValidationError();
  error.property = field;
  error.children = [];
  error.constraints = { [rule]: message };
  return error;
}

/**
 * Null where a property is merely optional, an array where a property is one nested object, and
 * blank text where text is required (see ShapeRules), through nested DTOs and arrays of them, named by path as validation errors
 * are. Iterative, and it only follows instances of validated classes, so its depth is the depth
 * of the DTOs, whatever the payload.
 */
export function findShapeViolations(value: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (pending.length > 0) {
    const current = pending.pop() as (typeof pending)[number];
    if (Array.isArray(current.value)) {
      current.value.forEach((item, index) => pending.push({ value: item, path: `${current.path}.${index}` }));
      continue;
    }
    if (current.value === null || typeof current.value !== 'object' || current.value.constructor === Object) continue;
    const rules = shapeRulesOf(current.value.constructor as Constructor);
    if (!rules) continue;
    for (const [property, child] of Object.entries(current.value)) {
      const field = current.path ? `${current.path}.${property}` : property;
      if (child === null && rules.nullRefused.has(property)) {
        errors.push(violation(field, 'notNull', `${field} must not be null: leave it out instead`));
      } else if (typeof child === 'string' && rules.notBlank.has(property) && child.trim() === '') {
        if (child !== '' || !rules.ownMinimum.has(property)) {
          errors.push(violation(field, 'notBlank', `${field} must not be empty or only whitespace`));
        }
      } else if (Array.isArray(child) && rules.singleObject.has(property)) {
        errors.push(violation(field, 'isObject', `${field} must be an object, not an array`));
      } else if (typeof child === 'object' && child !== null) {
        pending.push({ value: child, path: field });
      }
    }
  }
  return errors.sort((a, b) => a.property.localeCompare(b.property));
}

/** class-validator's verdict, plus what it lets through (findShapeViolations). */
class PlatformValidationPipe extends ValidationPipe {
  constructor(
    private readonly limits: InputLimits,
    options: ConstructorParameters<typeof ValidationPipe>[0],
  ) {
    super(options);
  }

  /**
   * An HTTP body was checked when it was parsed (refuseMalformedInput); a request/reply payload,
   * also a `body` here, arrives by NATS and is checked now, before class-transformer recurses.
   */
  public override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const found = findMalformedInput(value, this.limits);
      if (found?.kind === 'too-deep') throw new BodyTooDeepError(found.field, this.limits.maxDepth);
      if (found) throw new InvalidInputError(found.violations);
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    return [...errors, ...findShapeViolations(object)];
  }
}

/**
 * Unknown fields refused, payloads turned into DTO instances, null only where a property says it
 * may be null, one object where one is nested, no blank required text, every violation reported
 * by path.
 */
export function createValidationPipe(limits: InputLimits = { maxDepth: 32 }): ValidationPipe {
  return new PlatformValidationPipe(limits, {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInputError(flattenValidationErrors(errors)),
  });
}
