import 'reflect-metadata';

import { runMigrationsEntryPoint } from '@opis/platform';

import { NOTIFICATIONS_SERVICE_NAME, NotificationsConfig } from './notifications.config';
import { NOTIFICATIONS_MIGRATIONS } from './notifications.schema';

runMigrationsEntryPoint(NOTIFICATIONS_SERVICE_NAME, NotificationsConfig, NOTIFICATIONS_MIGRATIONS);
