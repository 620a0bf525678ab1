import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';

import { PinoLoggerService } from '../logging/pino-logger.service';
import { DomainError } from './domain-error';
import { ErrorKind } from './error-kind';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';
import { RpcDomainExceptionFilter } from './rpc-exception.filter';

/** The one HTTP error mapper: every error leaves as application/problem+json. */
@Catch()
@Injectable()
export class ProblemExceptionFilter implements ExceptionFilter {
  private readonly rpcFilter = new RpcDomainExceptionFilter();

  constructor(private readonly logger: PinoLoggerService) {}

  public catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() === 'rpc') return this.rpcFilter.catch(exception, host);
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // The path only: a query string may carry a searched name.
    const instance = request.url.split('?')[0] ?? '/';
    const problem = toProblem(exception, instance);
    if (problem.status >= 500 && !(exception instanceof DomainError)) {
      this.logger.pino.error({ err: exception, requestId: request.id }, 'unhandled error');
    }
    if (exception instanceof DomainError && exception.kind === ErrorKind.UNAUTHENTICATED) {
      reply.header('www-authenticate', 'Bearer');
    }
    if (problem.status === 503) reply.header('retry-after', '5');
    return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  }
}
