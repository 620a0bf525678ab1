import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { NotificationCaseEntity } from './cases/notification-case.entity';
import { DeliveryEntity } from './delivery/delivery.entity';
import { EscalationRuleEntity } from './escalation/escalation-rule.entity';
import { NotificationsSchema1767000000000 } from './migrations/1767000000000-notifications-schema';
import { ShiftEntity } from './shifts/shift.entity';
import { TaskChangeEntity, TaskEntity, TaskRecipientEntity } from './tasks/task.entity';

export const NOTIFICATIONS_ENTITIES = [
  ...messagingEntities,
  DeliveryEntity,
  EscalationRuleEntity,
  NotificationCaseEntity,
  ShiftEntity,
  TaskChangeEntity,
  TaskEntity,
  TaskRecipientEntity,
];

/** In order: the shared tables first (outbox, inbox, dead letters; audit trail; idempotency keys), then notifications'. */
export const NOTIFICATIONS_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
  NotificationsSchema1767000000000,
];
