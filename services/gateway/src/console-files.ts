import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { DomainError, domainProblem, ErrorKind, PROBLEM_CONTENT_TYPE } from '@opis/platform';

import { API_PREFIX } from './service-proxy';

/**
 * The built console: its files as they are, and index.html for any other GET outside /api, so a
 * reload of /cases/<id> opens the same screen. Without a build, those paths answer 503 naming
 * the command that makes it.
 */
export async function serveConsole(app: NestFastifyApplication, directory: string): Promise<void> {
  const root = resolve(directory);
  const fastify = app.getHttpAdapter().getInstance();
  const indexFile = join(root, 'index.html');
  const built = existsSync(indexFile);
  if (built) {
    // /docs registers @fastify/static too: this one adds no reply decorator of its own.
    await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, decorateReply: false, index: false });
  }
  const index = built ? readFileSync(indexFile) : undefined;
  fastify.get('/*', (request, reply) => {
    if (request.url.startsWith(`${API_PREFIX}/`) || !index) {
      const detail = index ? 'No such route.' : 'The console is not built: run `npx nx run console:build`.';
      const body = domainProblem(new DomainError({ kind: index ? ErrorKind.NOT_FOUND : ErrorKind.UNAVAILABLE, code: index ? 'ROUTE_NOT_FOUND' : 'CONSOLE_NOT_BUILT', detail }), request.url);
      return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
    }
    return reply.type('text/html; charset=utf-8').send(index);
  });
}
