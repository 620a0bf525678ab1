import 'reflect-metadata';

import { runMigrationsEntryPoint } from '@opis/platform';

import { GATEWAY_SERVICE_NAME, GatewayConfig } from './gateway.config';
import { GATEWAY_MIGRATIONS } from './gateway.schema';

runMigrationsEntryPoint(GATEWAY_SERVICE_NAME, GatewayConfig, GATEWAY_MIGRATIONS);
