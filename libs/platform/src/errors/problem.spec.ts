import { HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';

import { DomainError, InvalidInputError } from './domain-error';
import { ErrorKind, httpStatusOf } from './error-kind';
import { toProblem } from './problem';
import { toRpcError } from './rpc-exception.filter';

class ReturnBlockedError extends DomainError {
  constructor() {
    super({ code: 'RETURN_BLOCKED', kind: ErrorKind.RULE_VIOLATION, detail: 'Protection claim pending.', rule: 'LM-08' });
  }
}

describe('problem mapping', () => {
  it('maps every kind to its status', () => {
    expect(Object.values(ErrorKind).map(httpStatusOf)).toEqual([400, 401, 403, 404, 421, 409, 413, 422, 503, 429, 412, 428]);
  });

  it('maps a domain error with its code, rule and violations', () => {
    expect(toProblem(new ReturnBlockedError(), '/v1/returns')).toEqual({
      type: 'https://opis.inm.gob.mx/problems/return-blocked',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'Protection claim pending.',
      instance: '/v1/returns',
      code: 'RETURN_BLOCKED',
      rule: 'LM-08',
    });
    const invalid = toProblem(new InvalidInputError([{ field: 'child.age.years', rule: 'min', message: 'm' }]), '/x');
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'child.age.years' }] });
  });

  it('maps framework errors by status without echoing their messages', () => {
    expect(toProblem(new NotFoundException('Cannot GET /v1/cases?name=Juan'), '/v1/cases')).toMatchObject({
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      detail: 'No such route.',
    });
    expect(toProblem(new PayloadTooLargeException(), '/x').status).toBe(413);
    expect(toProblem(new HttpException('x', 415), '/x').code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('reveals nothing of an unknown error', () => {
    const problem = toProblem(new Error('connection to 10.0.0.5 failed for Juan Pérez'), '/x');
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(problem)).not.toMatch(/Juan|10\.0/);
  });

  it('answers 503 when the database could not be reached at all, so a retry is safe', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const starting = Object.assign(new Error('query failed'), { driverError: { code: '57P03' } });
    const poolTimeout = new Error('timeout exceeded when trying to connect');
    for (const error of [refused, starting, poolTimeout]) {
      expect(toProblem(error, '/v1/cases')).toMatchObject({ status: 503, code: 'DATABASE_UNREACHABLE' });
    }
    // A connection lost mid-statement may have committed: still an unknown outcome, 500.
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
    expect(toProblem(lost, '/v1/cases').status).toBe(500);
  });

  it('maps errors to a plain RPC payload', () => {
    expect(toRpcError(new ReturnBlockedError())).toEqual({
      code: 'RETURN_BLOCKED',
      kind: 'RULE_VIOLATION',
      detail: 'Protection claim pending.',
      rule: 'LM-08',
    });
    expect(toRpcError(new TypeError('secret'))).toEqual({ code: 'INTERNAL', kind: 'INTERNAL', detail: 'An unexpected error occurred.' });
  });
});
