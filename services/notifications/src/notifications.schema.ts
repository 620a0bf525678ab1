import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { NotificationsSchema1767000000000 } from './migrations/1767000000000-notifications-schema';

/** Tasks, shifts and rules are read and written with SQL; only the shared tables have entities. */
export const NOTIFICATIONS_ENTITIES = [...messagingEntities];

/** In order: the shared tables first (outbox, inbox, dead letters; audit trail; idempotency keys), then notifications'. */
export const NOTIFICATIONS_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
  NotificationsSchema1767000000000,
];
