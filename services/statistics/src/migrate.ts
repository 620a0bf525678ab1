import 'reflect-metadata';

import { runMigrationsEntryPoint } from '@opis/platform';

import { STATISTICS_SERVICE_NAME, StatisticsConfig } from './statistics.config';
import { STATISTICS_MIGRATIONS } from './statistics.schema';

runMigrationsEntryPoint(STATISTICS_SERVICE_NAME, StatisticsConfig, STATISTICS_MIGRATIONS);
