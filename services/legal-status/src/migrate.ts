import 'reflect-metadata';

import { runMigrationsEntryPoint } from '@opis/platform';

import { LEGAL_STATUS_SERVICE_NAME, LegalStatusConfig } from './legal-status.config';
import { LEGAL_STATUS_MIGRATIONS } from './legal-status.schema';

runMigrationsEntryPoint(LEGAL_STATUS_SERVICE_NAME, LegalStatusConfig, LEGAL_STATUS_MIGRATIONS);
