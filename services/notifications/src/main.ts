import 'reflect-metadata';

import { loadConfig, runEntryPoint, startHttpService } from '@opis/platform';

import { RESPONSE_SCHEMAS } from './openapi-responses.generated';
import { NOTIFICATIONS_SERVICE_NAME, NotificationsConfig } from './notifications.config';
import { NotificationsModule } from './notifications.module';

async function main(): Promise<void> {
  const config = loadConfig(NotificationsConfig);
  await startHttpService(NotificationsModule.register(config), {
    config,
    responses: RESPONSE_SCHEMAS,
    serviceName: NOTIFICATIONS_SERVICE_NAME,
    title: 'OPIS notifications',
    description:
      'Alerts that reach a person: every deadline and danger the other services raise becomes a task addressed to the case officer or the officers on shift and the supervisors, escalating to the national duty officer when nobody acknowledges it; delivered in the API, as a live stream, by email and SMS (the case number, the kind of alert and a link; never a name).',
  });
}

runEntryPoint(main);
