import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

import type { Caller } from '../audit/case-record-access';
import { AuthenticatedRequest, principalOf } from './current-principal.decorator';
import { requestMetaOf } from './request-meta.decorator';

/** The verified caller of a protected route with where the request came from: what a service acts for and audits. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
  return { principal: principalOf(request), meta: requestMetaOf(request) };
});
