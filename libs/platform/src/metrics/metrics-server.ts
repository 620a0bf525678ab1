import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { FastifyInstance } from 'fastify';

import { MetricsRegistry } from './metrics-registry';

export interface MetricsServerOptions {
  /** Undefined: no metrics endpoint at all. 0: a free port. */
  port?: number;
  host: string;
}

const metricsUrls = new WeakMap<object, string>();

/**
 * Serves GET /metrics on a listener of its own (METRICS_HOST:METRICS_PORT), started when the API
 * starts and closed with it. Not on the API's port: that port is what the ingress exposes, and a
 * scraper cannot hold a bearer token that expires within the maximum token age. Route counts and
 * process figures are kept to the scraper by where this port is bound and by the NetworkPolicy.
 */
export function serveMetricsApart(api: FastifyInstance, registry: MetricsRegistry, options: MetricsServerOptions): void {
  const { port } = options;
  if (port === undefined) return;
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', registry.contentType).header('cache-control', 'no-store');
    return registry.metrics();
  });
  api.addHook('onReady', async () => {
    const address = await server.listen({ port, host: options.host });
    metricsUrls.set(api, address);
  });
  api.addHook('onClose', async () => {
    await server.close();
  });
}

/** Where the app's /metrics listens (`http://host:port`), once it has started; undefined without METRICS_PORT. */
export function metricsUrlOf(app: NestFastifyApplication): string | undefined {
  return metricsUrls.get(app.getHttpAdapter().getInstance());
}
