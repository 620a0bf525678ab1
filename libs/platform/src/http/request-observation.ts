import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

import { FastifyInstance } from 'fastify';

import { PinoLoggerService } from '../logging/pino-logger.service';
import { HttpMetrics } from '../metrics/http-metrics';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const UNMATCHED_ROUTE = 'unmatched';
/** Probes: logged quietly, and never refused for load. (Scrapes have a port of their own.) */
export const PROBE_ROUTES: ReadonlySet<string> = new Set(['/health/live', '/health/ready']);

/** The caller's request id when it is safe to log, else a new UUID. */
export function generateRequestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * One log line and one metric per request: method, route pattern, status, duration, request
 * id. Never the raw URL (its query may hold a searched name) nor the body.
 */
export function observeRequests(fastify: FastifyInstance, logger: PinoLoggerService, metrics: HttpMetrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    metrics.observe(request.method, route, status, durationMs / 1000);
    const line = { requestId: request.id, method: request.method, route, status, durationMs: Math.round(durationMs) };
    if (status >= 500) logger.pino.error(line, 'request failed');
    else if (PROBE_ROUTES.has(route)) logger.pino.debug(line, 'request');
    else logger.pino.info(line, 'request');
    done();
  });
}
