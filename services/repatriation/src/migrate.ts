import 'reflect-metadata';

import { runMigrationsEntryPoint } from '@opis/platform';

import { REPATRIATION_SERVICE_NAME, RepatriationConfig } from './repatriation.config';
import { REPATRIATION_MIGRATIONS } from './repatriation.schema';

runMigrationsEntryPoint(REPATRIATION_SERVICE_NAME, RepatriationConfig, REPATRIATION_MIGRATIONS);
