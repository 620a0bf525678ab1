import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { BaseServiceConfig } from '../config/base-service.config';
import { PinoLoggerService } from '../logging/pino-logger.service';
import { HttpMetrics } from '../metrics/http-metrics';
import { generateRequestId, observeRequests } from './request-observation';

export interface HttpAppOptions {
  config: BaseServiceConfig;
  serviceName: string;
  title: string;
  description: string;
  version?: string;
}

export const DOCS_PATH = 'docs';

/**
 * A Fastify Nest application: JSON bodies only, up to HTTP_BODY_LIMIT_BYTES; problem+json
 * errors, auth, validation (from PlatformModule); request logs and metrics; OpenAPI at /docs
 * and /docs-json; shutdown hooks. Not yet listening.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.config.HTTP_BODY_LIMIT_BYTES,
    genReqId: generateRequestId,
    logger: false,
    return503OnClosing: true,
  });
  // Fastify's own JSON parser (body limit, prototype-poisoning checks) is the only one; any
  // other content type is answered 415.
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    bufferLogs: true,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');

  const logger = app.get(PinoLoggerService);
  app.useLogger(logger);
  app.flushLogs();
  observeRequests(fastify, logger, app.get(HttpMetrics));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion(options.version ?? '1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
  return app;
}
