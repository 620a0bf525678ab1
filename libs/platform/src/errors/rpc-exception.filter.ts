import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

import { DomainError } from './domain-error';
import { ErrorKind } from './error-kind';

/** What a request/reply caller receives as the error of its observable. */
export interface RpcErrorPayload {
  code: string;
  kind: ErrorKind | 'INTERNAL';
  detail: string;
  rule?: string;
  errors?: DomainError['violations'];
}

export function toRpcError(error: unknown): RpcErrorPayload {
  if (error instanceof DomainError) {
    const payload: RpcErrorPayload = { code: error.code, kind: error.kind, detail: error.detail };
    if (error.rule) payload.rule = error.rule;
    if (error.violations.length > 0) payload.errors = error.violations;
    return payload;
  }
  return { code: 'INTERNAL', kind: 'INTERNAL', detail: 'An unexpected error occurred.' };
}

/** Maps errors of NATS request/reply handlers to a plain payload, never internals. */
@Catch()
export class RpcDomainExceptionFilter implements RpcExceptionFilter<unknown> {
  public catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toRpcError(exception));
  }
}
