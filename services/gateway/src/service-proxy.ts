import replyFrom from '@fastify/reply-from';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';

import { DomainError, domainProblem, ErrorKind, PROBLEM_CONTENT_TYPE } from '@opis/platform';

export const API_PREFIX = '/api';

function refuse(request: FastifyRequest, reply: FastifyReply, kind: ErrorKind, code: string, detail: string): FastifyReply {
  const body = domainProblem(new DomainError({ kind, code, detail }), request.url);
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * /api/<service>/v1/... is sent on to that service as /v1/..., with the officer's bearer token and
 * Idempotency-Key as they came: the gateway decides nothing about access, every service verifies
 * the token and the office scope itself. Only /v1 routes pass (no health, metrics or docs of a
 * service through the public origin). A service that does not answer is a 503 problem.
 */
export async function proxyServices(app: NestFastifyApplication, upstreams: Record<string, string | undefined>): Promise<void> {
  await app.register(replyFrom, { http: { requestOptions: { timeout: 30_000 } } });
  const fastify = app.getHttpAdapter().getInstance();
  const handler = (request: FastifyRequest<{ Params: { service: string } }>, reply: FastifyReply) => {
    const { service } = request.params;
    const upstream = Object.hasOwn(upstreams, service) ? upstreams[service] : undefined;
    const rest = request.url.slice(`${API_PREFIX}/${service}`.length);
    if (!Object.hasOwn(upstreams, service) || !rest.startsWith('/v1/')) {
      return refuse(request, reply, ErrorKind.NOT_FOUND, 'ROUTE_NOT_FOUND', 'No such route.');
    }
    if (!upstream) return refuse(request, reply, ErrorKind.UNAVAILABLE, 'SERVICE_NOT_CONFIGURED', `${service} is not configured behind this gateway.`);
    return reply.from(`${upstream}${rest}`, {
      onError: (failed) => void refuse(request, failed as unknown as FastifyReply, ErrorKind.UNAVAILABLE, 'SERVICE_UNAVAILABLE', `${service} did not answer; try again shortly.`),
    });
  };
  fastify.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: `${API_PREFIX}/:service/*`, handler });
}
