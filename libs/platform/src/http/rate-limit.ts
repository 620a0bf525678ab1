import rateLimit from '@fastify/rate-limit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest } from 'fastify';

import { bearerTokenOf } from '../auth/auth.guard';
import { JwtVerifier } from '../auth/jwt-verifier';
import { DomainError } from '../errors/domain-error';
import { ErrorKind } from '../errors/error-kind';
import { isDocsRequest } from './response-headers';
import { PROBE_ROUTES } from './request-observation';

export interface RateLimitOptions {
  /** Requests a client may make per window. */
  max: number;
  windowSeconds: number;
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super({
      code: 'RATE_LIMITED',
      kind: ErrorKind.TOO_MANY_REQUESTS,
      detail: `This client has made too many requests; nothing was read or written. Try again in ${retryAfterSeconds} seconds.`,
    });
  }
}

/**
 * The client a request counts against: the verified subject of its token, else its address.
 * Only a verified subject: keying by an unverified `sub` would let a caller spread its requests
 * over invented subjects. The verifier caches its verdict, so the guard does not verify again.
 */
export async function rateLimitKeyOf(request: FastifyRequest, verifier: JwtVerifier): Promise<string> {
  const token = bearerTokenOf(request.headers.authorization);
  if (token) {
    try {
      return `subject:${(await verifier.verify(token)).subject}`;
    } catch {
      // A token refused is answered 401 by the guard; until then the address is the client.
    }
  }
  return `address:${request.ip}`;
}

/**
 * Per-client limits (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_SECONDS): beyond them 429 problem+json
 * RATE_LIMITED with Retry-After, before the handler runs. Probes and the docs are never limited.
 * The count is per instance: with N replicas a client gets up to N times the limit, which is
 * what a bound on a runaway client needs, without a shared store on the request path.
 */
export async function limitRequestRate(app: NestFastifyApplication, options: RateLimitOptions): Promise<void> {
  const verifier = app.get(JwtVerifier);
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowSeconds * 1000,
    keyGenerator: (request) => rateLimitKeyOf(request, verifier),
    allowList: (request) => PROBE_ROUTES.has(request.routeOptions.url ?? '') || isDocsRequest(request),
    errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}
