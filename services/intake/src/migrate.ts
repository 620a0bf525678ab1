import 'reflect-metadata';

import { runMigrationsEntryPoint } from '@opis/platform';

import { INTAKE_SERVICE_NAME, IntakeConfig } from './intake.config';
import { INTAKE_MIGRATIONS } from './intake.schema';

runMigrationsEntryPoint(INTAKE_SERVICE_NAME, IntakeConfig, INTAKE_MIGRATIONS);
