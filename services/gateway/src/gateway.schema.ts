import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { GatewayTimeline1767200000000 } from './migrations/1767200000000-gateway-timeline';
import { TimelineEntryEntity } from './timeline/timeline-entry.entity';

export const GATEWAY_ENTITIES = [...messagingEntities, TimelineEntryEntity];

/** In order: the shared tables first (inbox, dead letters; audit trail; idempotency), then the timeline. */
export const GATEWAY_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
  GatewayTimeline1767200000000,
];
