import 'reflect-metadata';

import { loadConfig, PinoLoggerService, runEntryPoint } from '@opis/platform';

import { createGateway } from './gateway-app';
import { GATEWAY_SERVICE_NAME, GatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  const app = await createGateway(config);
  await app.listen(config.PORT, config.HOST);
  const url = await app.getUrl();
  app.get(PinoLoggerService).pino.info({ url, console: `${url}/` }, `${GATEWAY_SERVICE_NAME} listening: the console is at ${url}/`);
}

runEntryPoint(main, GATEWAY_SERVICE_NAME);
