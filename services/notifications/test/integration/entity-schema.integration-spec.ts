import { describeEntitySchema } from '@opis/service-harness';

import { NOTIFICATIONS_ENTITIES } from '../../src/notifications.schema';
import { startNotificationsTestBed } from './notifications-harness';

describeEntitySchema('notifications', {
  start: () => startNotificationsTestBed('entity-schema', { NOTIFY_ESCALATION_INTERVAL_MS: '3600000' }),
  dataSource: (bed) => bed.service.dataSource,
  entities: NOTIFICATIONS_ENTITIES,
});
