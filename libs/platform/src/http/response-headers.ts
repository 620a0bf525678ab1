import helmet from '@fastify/helmet';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest } from 'fastify';

/** The OpenAPI page and document (DOCS_PATH in create-http-app); no personal data there. */
export function isDocsRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url ?? request.url;
  return route === '/docs' || route.startsWith('/docs/') || route.startsWith('/docs-json');
}

/**
 * Security headers (helmet) and `Cache-Control: no-store` on every API answer. The answers carry
 * children's names, dates of birth and case histories: no browser, proxy or shared terminal at a
 * migration station may keep a copy. The docs are the exception, cacheable and public.
 *
 * The CSP is helmet's default, which Swagger UI at /docs needs (scripts and styles from 'self',
 * inline styles, data: images), minus `upgrade-insecure-requests`: docs opened over plain http
 * inside the cluster or on a laptop would have every script upgraded to https and fail.
 */
export async function applyResponseHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { 'upgrade-insecure-requests': null, 'frame-ancestors': ["'none'"] },
    },
    frameguard: { action: 'deny' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (!isDocsRequest(request)) reply.header('cache-control', 'no-store');
      done();
    });
}
