import 'reflect-metadata';

import { runMigrationsEntryPoint } from '@opis/platform';

import { CARE_SERVICE_NAME, CareConfig } from './care.config';
import { CARE_MIGRATIONS } from './care.schema';

runMigrationsEntryPoint(CARE_SERVICE_NAME, CareConfig, CARE_MIGRATIONS);
