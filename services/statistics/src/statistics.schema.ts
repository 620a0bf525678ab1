import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { StatisticsSchema1764510000000 } from './migrations/1764510000000-statistics-schema';
import { StatisticsCaseVersions1765000000000 } from './migrations/1765000000000-statistics-case-versions';
import { StatisticsCodedPoints1766700000001 } from './migrations/1766700000001-statistics-coded-points';
import { StatisticsTaskFacts1767100000000 } from './migrations/1767100000000-statistics-task-facts';

/**
 * No entities for statistics' own tables, on purpose (issue 24). They are a read model: projections
 * of other services' events that a replay rebuilds from nothing, so no row is an object with a
 * lifecycle for TypeORM to load, change and save. Every write is an insert-if-absent or a
 * newest-version-wins upsert the consumer sends as prepared SQL on its hot path
 * (libs/platform/src/database/README.md), and every read is an aggregate (counts, medians, by
 * office and period) that would not come back as an entity. An entity would be a second,
 * unchecked copy of the migrations; the replay and report tests hold the SQL to them instead.
 */
export const STATISTICS_ENTITIES = [...messagingEntities];

/** In order: the shared tables first (outbox, inbox, dead letters; audit trail), then statistics'. */
export const STATISTICS_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  StatisticsSchema1764510000000,
  StatisticsCaseVersions1765000000000,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
  StatisticsCodedPoints1766700000001,
  StatisticsTaskFacts1767100000000,
];
