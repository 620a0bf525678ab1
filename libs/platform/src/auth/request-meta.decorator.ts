import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

/** Where a request came from, for the audit trail. */
export interface RequestMeta {
  requestId: string;
  sourceIp: string;
}

export function requestMetaOf(request: FastifyRequest): RequestMeta {
  return { requestId: String(request.id), sourceIp: request.ip };
}

export const CurrentRequestMeta = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta =>
  requestMetaOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
