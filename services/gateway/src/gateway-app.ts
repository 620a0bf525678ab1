import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { createHttpApp } from '@opis/platform';

import { serveConsole } from './console-files';
import { GATEWAY_SERVICE_NAME, GatewayConfig, upstreamsOf } from './gateway.config';
import { GatewayModule, GatewayModuleOptions } from './gateway.module';
import { proxyServices } from './service-proxy';

/** The gateway, not yet listening: the console's files and the services behind one origin. */
export async function createGateway(config: GatewayConfig, options: GatewayModuleOptions = {}): Promise<NestFastifyApplication> {
  const app = await createHttpApp(GatewayModule.register(config, options), {
    config,
    serviceName: GATEWAY_SERVICE_NAME,
    title: 'OPIS gateway',
    description: 'Serves the officers’ console and puts the services behind one origin: /api/<service>/v1/... is sent on with the officer’s token.',
  });
  await proxyServices(app, upstreamsOf(config));
  await serveConsole(app, config.CONSOLE_DIR);
  return app;
}
