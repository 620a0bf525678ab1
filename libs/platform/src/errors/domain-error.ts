import { FieldViolation } from '@opis/contracts-envelope';

import { ErrorKind } from './error-kind';

export interface DomainErrorOptions {
  /** Stable, machine-readable code, e.g. `CASE_NOT_FOUND`. */
  code: string;
  kind: ErrorKind;
  /** Human-readable explanation. Never put personal data here: it reaches logs and clients. */
  detail: string;
  /** DOMAIN.md rule ID when a business rule refused, e.g. `LM-08`. */
  rule?: string;
  violations?: FieldViolation[];
}

/**
 * Base of every error the domain throws. Services subclass it per feature; transports map it
 * (HTTP problem+json, RPC error payload), so domain code never throws an HttpException.
 */
export class DomainError extends Error {
  public readonly code: string;
  public readonly kind: ErrorKind;
  public readonly detail: string;
  public readonly rule: string | undefined;
  public readonly violations: FieldViolation[];

  constructor(options: DomainErrorOptions) {
    super(options.detail);
    this.name = new.target.name;
    this.code = options.code;
    this.kind = options.kind;
    this.detail = options.detail;
    this.rule = options.rule;
    this.violations = options.violations ?? [];
  }
}

export class InvalidInputError extends DomainError {
  constructor(violations: FieldViolation[], detail = 'The request has invalid fields.') {
    super({ code: 'VALIDATION_FAILED', kind: ErrorKind.INVALID_INPUT, detail, violations });
  }
}

/**
 * A body nested deeper than HTTP_BODY_MAX_DEPTH: refused before validation, whose recursion a few
 * kilobytes of `[[[[…` would otherwise overflow.
 */
export class BodyTooDeepError extends DomainError {
  constructor(field: string, maxDepth: number) {
    super({
      code: 'BODY_TOO_DEEP',
      kind: ErrorKind.INVALID_INPUT,
      detail: `The request body nests objects and arrays deeper than ${maxDepth} levels; nothing was read or written.`,
      violations: [{ field, rule: 'maxDepth', message: `${field || 'the body'} nests deeper than ${maxDepth} levels` }],
    });
  }
}

export class AuthenticationError extends DomainError {
  constructor(code: 'TOKEN_MISSING' | 'TOKEN_INVALID', detail: string) {
    super({ code, kind: ErrorKind.UNAUTHENTICATED, detail });
  }
}

export class AccessDeniedError extends DomainError {
  constructor(detail = 'Your roles do not allow this action.') {
    super({ code: 'ROLE_MISSING', kind: ErrorKind.FORBIDDEN, detail });
  }
}

/** Also what a case of another office is answered with, so that its existence does not leak. */
export class ResourceNotFoundError extends DomainError {
  constructor(resource: string, code = `${resource.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_NOT_FOUND`) {
    super({ code, kind: ErrorKind.NOT_FOUND, detail: `The ${resource} does not exist or is not visible to you.` });
  }
}

/**
 * A request about an office this instance does not serve (OFFICES): it names the office and the
 * offices served, so the caller (or a router) sends it to that office's instance.
 */
export class OfficeNotServedError extends DomainError {
  constructor(office: string, servedOffices: readonly string[]) {
    super({
      code: 'OFFICE_NOT_SERVED',
      kind: ErrorKind.MISDIRECTED,
      detail: `Office ${office} is not served here: this instance serves only ${servedOffices.join(', ')} (OFFICES). Send the request to the instance of office ${office}.`,
    });
  }
}
