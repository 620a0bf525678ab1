import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { StatisticsSchema1764510000000 } from './migrations/1764510000000-statistics-schema';
import { StatisticsCaseVersions1765000000000 } from './migrations/1765000000000-statistics-case-versions';
import { StatisticsCodedPoints1766700000001 } from './migrations/1766700000001-statistics-coded-points';
import { StatisticsTaskFacts1767100000000 } from './migrations/1767100000000-statistics-task-facts';

/** Facts are read and written with SQL (facts/, reports/); only the shared tables have entities. */
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
