import { FieldViolation } from '@opis/contracts-envelope';
import { HttpException } from '@nestjs/common';

import { DomainError } from './domain-error';
import { httpStatusOf } from './error-kind';

/** RFC 9457 problem details, as every OPIS HTTP API answers an error. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  rule?: string;
  errors?: FieldViolation[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://opis.inm.gob.mx/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function problem(status: number, code: string, detail: string, instance: string): ProblemDetails {
  return {
    type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    code,
  };
}

export function domainProblem(error: DomainError, instance: string): ProblemDetails {
  const body = problem(httpStatusOf(error.kind), error.code, error.detail, instance);
  if (error.rule) body.rule = error.rule;
  if (error.violations.length > 0) body.errors = error.violations;
  return body;
}

/** Framework errors (Nest's, or Fastify's mapped by Nest) by status; their messages are not echoed. */
function httpProblem(error: HttpException, instance: string): ProblemDetails {
  const status = error.getStatus();
  switch (status) {
    case 400:
      return problem(400, 'MALFORMED_REQUEST', 'The request body could not be parsed.', instance);
    case 401:
      return problem(401, 'TOKEN_MISSING', 'A valid bearer token is required.', instance);
    case 403:
      return problem(403, 'ROLE_MISSING', 'Your roles do not allow this action.', instance);
    case 404:
      return problem(404, 'ROUTE_NOT_FOUND', 'No such route.', instance);
    case 405:
      return problem(405, 'METHOD_NOT_ALLOWED', 'The method is not allowed on this route.', instance);
    case 413:
      return problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the limit.', instance);
    case 415:
      return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json.', instance);
    default:
      return status < 500
        ? problem(status, 'REQUEST_REFUSED', 'The request was refused.', instance)
        : internalProblem(instance);
  }
}

function internalProblem(instance: string): ProblemDetails {
  return problem(500, 'INTERNAL', 'An unexpected error occurred.', instance);
}

/** Error codes of a database that could not be reached at all: no statement ran. */
const DATABASE_UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', '57P03', '53300']);

/**
 * True when the request failed before any statement reached the database (refused connection,
 * a server starting or shutting down, no free connection slot, the pool's connect timeout), so a
 * retry is safe: answered 503 instead of an ambiguous 500.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown };
  const code = candidate?.driverError?.code ?? candidate?.code;
  if (typeof code === 'string' && DATABASE_UNREACHABLE.has(code)) return true;
  return typeof candidate?.message === 'string' && candidate.message.includes('timeout exceeded when trying to connect');
}

/** The answer to a request over the service's limit of requests in progress (HTTP_MAX_IN_FLIGHT). */
export function serviceBusyProblem(instance: string): ProblemDetails {
  return problem(503, 'SERVICE_BUSY', 'The service is at its limit of requests in progress; nothing was read or written. Try again shortly.', instance);
}

/** Maps anything thrown while serving a request to a problem; unknown errors reveal nothing. */
export function toProblem(error: unknown, instance: string): ProblemDetails {
  if (error instanceof DomainError) return domainProblem(error, instance);
  if (error instanceof HttpException) return httpProblem(error, instance);
  if (isDatabaseUnreachable(error)) {
    return problem(503, 'DATABASE_UNREACHABLE', 'The database could not be reached; nothing was written. Try again shortly.', instance);
  }
  return internalProblem(instance);
}
