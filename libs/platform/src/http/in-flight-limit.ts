import { FastifyInstance } from 'fastify';

import { PROBLEM_CONTENT_TYPE, serviceBusyProblem } from '../errors/problem';
import { PROBE_ROUTES } from './request-observation';

/** Seconds a refused caller should wait before trying again. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * Refuses a request at once (503 SERVICE_BUSY, Retry-After) while `max` others are in progress,
 * before its body is read or a handler runs, so nothing of it is written. A request counts until
 * its response is closed, answered or abandoned by the caller: the count cannot leak. Probes are
 * never refused. Returns the number in progress, for tests and metrics.
 */
export function limitInFlight(fastify: FastifyInstance, max: number): () => number {
  let inFlight = 0;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (PROBE_ROUTES.has(request.routeOptions.url ?? '')) return done();
    if (inFlight >= max) {
      void reply
        .code(503)
        .header('retry-after', String(BUSY_RETRY_AFTER_SECONDS))
        .type(PROBLEM_CONTENT_TYPE)
        .send(serviceBusyProblem(request.url.split('?')[0] ?? '/'));
      return;
    }
    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
    done();
  });
  return () => inFlight;
}
