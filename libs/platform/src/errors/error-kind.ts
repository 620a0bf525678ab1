/** What kind of refusal a domain error is; each transport maps it with an exhaustive switch. */
export enum ErrorKind {
  INVALID_INPUT = 'INVALID_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  /** Sent to an instance that does not serve the office (OFFICES). */
  MISDIRECTED = 'MISDIRECTED',
  CONFLICT = 'CONFLICT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  RULE_VIOLATION = 'RULE_VIOLATION',
  UNAVAILABLE = 'UNAVAILABLE',
  /** The client made more requests than its rate limit allows. */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** If-Match names a version that is no longer current: someone else changed it first. */
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  /** A correction without If-Match: it could overwrite a change its author never saw. */
  PRECONDITION_REQUIRED = 'PRECONDITION_REQUIRED',
}

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case ErrorKind.INVALID_INPUT:
      return 400;
    case ErrorKind.UNAUTHENTICATED:
      return 401;
    case ErrorKind.FORBIDDEN:
      return 403;
    case ErrorKind.NOT_FOUND:
      return 404;
    case ErrorKind.MISDIRECTED:
      return 421;
    case ErrorKind.CONFLICT:
      return 409;
    case ErrorKind.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorKind.RULE_VIOLATION:
      return 422;
    case ErrorKind.UNAVAILABLE:
      return 503;
    case ErrorKind.TOO_MANY_REQUESTS:
      return 429;
    case ErrorKind.PRECONDITION_FAILED:
      return 412;
    case ErrorKind.PRECONDITION_REQUIRED:
      return 428;
    default:
      return assertNever(kind);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled value ${String(value)}`);
}
