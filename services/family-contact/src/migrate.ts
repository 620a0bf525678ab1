import 'reflect-metadata';

import { runMigrationsEntryPoint } from '@opis/platform';

import { FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig } from './family-contact.config';
import { FAMILY_CONTACT_MIGRATIONS } from './family-contact.schema';

runMigrationsEntryPoint(FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig, FAMILY_CONTACT_MIGRATIONS);
