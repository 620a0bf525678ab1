import { DynamicModule, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { PinoLoggerService } from '../logging/pino-logger.service';
import { metricsUrlOf } from '../metrics/metrics-server';
import { connectRequestReply } from './connect-request-reply';
import { createHttpApp, HttpAppOptions } from './create-http-app';

export interface StartHttpServiceOptions extends HttpAppOptions {
  /** Serve NATS request/reply handlers too (default true). */
  requestReply?: boolean;
}

/** Creates the app, connects request/reply, listens on HOST:PORT and logs the URL. */
export async function startHttpService(
  module: Type<unknown> | DynamicModule,
  options: StartHttpServiceOptions,
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(module, options);
  if (options.requestReply ?? true) {
    connectRequestReply(app, { natsUrl: options.config.NATS_URL, queue: options.serviceName });
    await app.startAllMicroservices();
  }
  await app.listen(options.config.PORT, options.config.HOST);
  const url = await app.getUrl();
  const metrics = metricsUrlOf(app);
  app.get(PinoLoggerService).pino.info(
    { url, docs: `${url}/docs/`, ...(metrics ? { metrics: `${metrics}/metrics` } : {}) },
    `${options.serviceName} listening`,
  );
  return app;
}
