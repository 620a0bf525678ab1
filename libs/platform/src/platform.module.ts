import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { DestinationStream } from 'pino';
import { collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';

import { AuditTrail } from './audit/audit-trail.service';
import { AuthGuard } from './auth/auth.guard';
import { EventCauseInterceptor } from './context/event-cause.interceptor';
import { ensureDevKeys } from './auth/dev-keys';
import { DEV_TOKEN_ISSUER } from './auth/dev-token-issuer';
import { JwtVerifier } from './auth/jwt-verifier';
import { BaseServiceConfig } from './config/base-service.config';
import { DependencyUnavailableError } from './config/startup-failure';
import { createDataSource, EntityDefinition, MigrationDefinition } from './database/create-data-source';
import { DataSourceCloser } from './database/data-source-closer';
import { ProblemExceptionFilter } from './errors/problem-exception.filter';
import { createValidationPipe } from './errors/validation.pipe';
import { IdempotencyClaimSubscriber } from './http/idempotency/idempotency-claim.subscriber';
import { IdempotencyKeyPurge } from './http/idempotency/idempotency-key-purge.job';
import { IdempotencyInterceptor } from './http/idempotency/idempotency.interceptor';
import { DatabaseHealthCheck } from './health/database-health-check';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { createLogger } from './logging/create-logger';
import { PinoLoggerService } from './logging/pino-logger.service';
import { HttpMetrics } from './metrics/http-metrics';
import { MetricsRegistry } from './metrics/metrics-registry';

export interface PlatformModuleOptions {
  serviceName: string;
  config: BaseServiceConfig;
  entities?: EntityDefinition[];
  migrations?: MigrationDefinition[];
  /** Apply pending migrations when the DataSource initialises (default false). */
  migrationsRun?: boolean;
  /** Where logs go (stdout by default); tests pass a stream. */
  logDestination?: DestinationStream;
}

export function jwtVerifierFor(config: BaseServiceConfig): JwtVerifier {
  if (config.AUTH_DEV_KEYS) {
    return new JwtVerifier({
      publicKeyPem: ensureDevKeys().publicKeyPem,
      issuer: config.JWT_ISSUER ?? DEV_TOKEN_ISSUER,
      audience: config.JWT_AUDIENCE,
      maxTokenAgeSeconds: config.JWT_MAX_TOKEN_AGE_SECONDS,
      maxLifetimeSeconds: config.JWT_MAX_TOKEN_LIFETIME_SECONDS,
      serviceTokens: { maxTokenAgeSeconds: config.JWT_MAX_SERVICE_TOKEN_AGE_SECONDS, maxLifetimeSeconds: config.JWT_MAX_SERVICE_TOKEN_LIFETIME_SECONDS },
    });
  }
  return new JwtVerifier({
    publicKeyPem: config.JWT_PUBLIC_KEY,
    jwksUrl: config.JWT_JWKS_URL,
    issuer: config.JWT_ISSUER ?? '',
    audience: config.JWT_AUDIENCE,
    maxTokenAgeSeconds: config.JWT_MAX_TOKEN_AGE_SECONDS,
    maxLifetimeSeconds: config.JWT_MAX_TOKEN_LIFETIME_SECONDS,
    serviceTokens: { maxTokenAgeSeconds: config.JWT_MAX_SERVICE_TOKEN_AGE_SECONDS, maxLifetimeSeconds: config.JWT_MAX_SERVICE_TOKEN_LIFETIME_SECONDS },
  });
}

function createMetricsRegistry(serviceName: string): MetricsRegistry {
  const registry = new MetricsRegistry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Everything a service needs around its features: config, auth guard, problem+json filter,
 * validation pipe, Postgres DataSource, audit trail, health, metrics and logging. Global.
 */
@Module({})
export class PlatformModule {
  public static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config } = options;
    // The service injects its own config subclass; libs inject BaseServiceConfig.
    const configTokens = [...new Set<Type<BaseServiceConfig>>([BaseServiceConfig, config.constructor as Type<BaseServiceConfig>])];
    const configProviders: Provider[] = configTokens.map((token) => ({ provide: token, useValue: config }));
    const logger = new PinoLoggerService(
      createLogger({ serviceName: options.serviceName, level: config.LOG_LEVEL, destination: options.logDestination }),
    );
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController],
      providers: [
        ...configProviders,
        { provide: APP_FILTER, useClass: ProblemExceptionFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useFactory: () => createValidationPipe({ maxDepth: config.HTTP_BODY_MAX_DEPTH }) },
        { provide: APP_INTERCEPTOR, useClass: EventCauseInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        AuditTrail,
        DatabaseHealthCheck,
        DataSourceCloser,
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = await createDataSource({
              url: config.DATABASE_URL,
              entities: options.entities,
              migrations: options.migrations,
              migrationsRun: options.migrationsRun,
              applicationName: options.serviceName,
            }).catch((error: unknown) => {
              throw new DependencyUnavailableError('database', 'DATABASE_URL', error);
            });
            dataSource.subscribers.push(new IdempotencyClaimSubscriber());
            return dataSource;
          },
        },
        HealthRegistry,
        IdempotencyKeyPurge,
        { provide: HttpMetrics, useFactory: (registry: MetricsRegistry) => new HttpMetrics(registry), inject: [MetricsRegistry] },
        { provide: JwtVerifier, useFactory: () => jwtVerifierFor(config) },
        { provide: MetricsRegistry, useFactory: () => createMetricsRegistry(options.serviceName) },
        { provide: PinoLoggerService, useValue: logger },
      ],
      exports: [
        ...configTokens,
        AuditTrail,
        DataSource,
        HealthRegistry,
        HttpMetrics,
        JwtVerifier,
        MetricsRegistry,
        PinoLoggerService,
      ],
    };
  }
}
