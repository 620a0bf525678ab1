// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- declares a module path class-transformer ships without types
/// <reference path="./class-transformer-storage.d.ts" />
import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

import { BaseServiceConfig } from '../config/base-service.config';
import { PinoLoggerService } from '../logging/pino-logger.service';
import { HttpMetrics } from '../metrics/http-metrics';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { serveMetricsApart } from '../metrics/metrics-server';
import { limitInFlight } from './in-flight-limit';
import { completeOpenApiDocument, ResponseSchemas } from './openapi-document';
import { refuseMalformedInput } from './malformed-input';
import { limitRequestRate } from './rate-limit';
import { applyResponseHeaders } from './response-headers';
import { generateRequestId, observeRequests } from './request-observation';

export interface HttpAppOptions {
  config: BaseServiceConfig;
  serviceName: string;
  title: string;
  description: string;
  version?: string;
  /** Each operation's success schema, generated from the controllers' return types (`npm run docs`). */
  responses?: ResponseSchemas;
}

export const DOCS_PATH = 'docs';

/**
 * A Fastify Nest application: JSON bodies only, up to HTTP_BODY_LIMIT_BYTES and nested at most
 * HTTP_BODY_MAX_DEPTH; no NUL or lone surrogate in a body, query or path parameter; at most
 * HTTP_MAX_IN_FLIGHT requests in progress (the rest answered 503 at once); RATE_LIMIT_MAX per
 * client and window (429); security headers and `Cache-Control: no-store`; problem+json
 * errors, auth, validation (from PlatformModule); request logs, metrics on METRICS_PORT alone;
 * OpenAPI at /docs and /docs-json; shutdown hooks. Not yet listening.
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
  // No logger until ours: a failure to start reaches runEntryPoint as one JSON line, not Nest's
  // coloured stack trace (abortOnError: false hands it back instead of aborting the process).
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    logger: false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');

  const logger = app.get(PinoLoggerService);
  app.useLogger(logger);
  observeRequests(fastify, logger, app.get(HttpMetrics));
  limitInFlight(fastify, options.config.HTTP_MAX_IN_FLIGHT);
  refuseMalformedInput(fastify, { maxDepth: options.config.HTTP_BODY_MAX_DEPTH });
  await applyResponseHeaders(app);
  await limitRequestRate(app, { max: options.config.RATE_LIMIT_MAX, windowSeconds: options.config.RATE_LIMIT_WINDOW_SECONDS });
  serveMetricsApart(fastify, app.get(MetricsRegistry), { port: options.config.METRICS_PORT, host: options.config.METRICS_HOST });
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
  // The UI's page names its scripts and styles relatively: read at /docs they resolve to /swagger-ui.css
  // (404, an empty page); at /docs/ to the files. So /docs is sent on to /docs/.
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' && request.url === `/${DOCS_PATH}`) return reply.redirect(`/${DOCS_PATH}/`, 301);
    return undefined;
  });
  SwaggerModule.setup(DOCS_PATH, app, completeOpenApiDocument(withValidationSchemas(document), options.responses), { jsonDocumentUrl: `${DOCS_PATH}-json` });
  return app;
}

/**
 * Request schemas come from the same class-validator metadata that validates requests, so
 * the OpenAPI document cannot drift from what the API accepts (no duplicate @ApiProperty).
 */
function withValidationSchemas(document: OpenAPIObject): OpenAPIObject {
  // With class-transformer's metadata, @Type(() => Dto) arrays get their item schema.
  const validation = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  });
  const schemas = { ...(document.components?.schemas ?? {}) };
  // Only what the API's own schemas reach: not config classes or event contracts.
  const pending = Object.keys(schemas);
  while (pending.length > 0) {
    const name = pending.pop() as string;
    const current = schemas[name] as ObjectSchema | undefined;
    const generated = validation[name] as ObjectSchema | undefined;
    if (generated && (!current?.properties || Object.keys(current.properties).length === 0)) {
      schemas[name] = generated as (typeof schemas)[string];
    } else if (generated && current) {
      schemas[name] = withValidationRules(generated, current) as (typeof schemas)[string];
    }
    for (const [, referenced] of JSON.stringify(schemas[name] ?? {}).matchAll(/#\/components\/schemas\/([\w$]+)/g)) {
      if (!(referenced in schemas) && validation[referenced]) {
        schemas[referenced] = validation[referenced] as (typeof schemas)[string];
        pending.push(referenced);
      }
    }
  }
  return { ...document, components: { ...document.components, schemas: withoutNullGuards(schemas) } };
}

interface ObjectSchema {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
  [keyword: string]: unknown;
}

/**
 * A DTO with some @ApiProperty decorators: every field the validation knows stays in the document,
 * and a field's @ApiProperty adds to its rules (a description, an enum) rather than replacing them.
 */
function withValidationRules(generated: ObjectSchema, decorated: ObjectSchema): ObjectSchema {
  const properties: Record<string, Record<string, unknown>> = { ...(generated.properties ?? {}) };
  for (const [field, schema] of Object.entries(decorated.properties ?? {})) {
    properties[field] = { ...(properties[field] ?? {}), ...schema };
  }
  // What is required is what validation requires (@ApiProperty calls every field it names required).
  const { required: _decoratedRequired, ...rest } = decorated;
  return { ...generated, ...rest, properties, ...(generated.required ? { required: generated.required } : {}) };
}

const OBJECT_PLACEHOLDER = '#/components/schemas/Object';

/**
 * Drops `not: { type: 'null' }`, class-validator-jsonschema's rendering of a required nested
 * object: beside a `$ref` it is not valid OpenAPI 3.0, and 3.0 values are never null unless
 * `nullable` says so. Also drops the `$ref` to `Object` of a field whose type the rules give.
 */
function withoutNullGuards<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNullGuards) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(
    ([key, child]) =>
      !(key === 'not' && JSON.stringify(child) === JSON.stringify({ type: 'null' })) &&
      // A field typed `string | null` reflects as Object, which the generators render as a $ref to
      // nothing; the field's own rules (`type`, `format`) say what it is.
      !(key === '$ref' && child === OBJECT_PLACEHOLDER && 'type' in value),
  );
  return Object.fromEntries(entries.map(([key, child]) => [key, withoutNullGuards(child)])) as T;
}
