import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { CaseEntity } from './cases/case.entity';
import {
  AgeDeterminationEntity,
  CaseAssignmentEntity,
  CaseDeadlineAlertEntity,
  CaseIdentificationEntity,
  CaseScreeningEntity,
  CaseTransferEntity,
  DifChannellingEntity,
  MpNoticeTaskEntity,
  ProcuraduriaNotificationEntity,
} from './cases/case-records.entity';
import { IntakeSchema1764470000000 } from './migrations/1764470000000-intake-schema';
import { DuplicateSearch1764530000000 } from './migrations/1764530000000-duplicate-search';
import { IntakeChildFlow1765000000001 } from './migrations/1765000000001-intake-child-flow';
import { IntakeMpNotice1765000000002 } from './migrations/1765000000002-intake-mp-notice';
import { DropIdempotencyRecord1766600000001 } from './migrations/1766600000001-drop-idempotency-record';
import { DuplicateNameKeys1767000000001 } from './migrations/1767000000001-duplicate-name-keys';
import { MigrationPoints1767000000002 } from './migrations/1767000000002-migration-points';
import { DuplicateInquiries1767000000003 } from './migrations/1767000000003-duplicate-inquiries';
import { DuplicateBirthYear1767000000004 } from './migrations/1767000000004-duplicate-birth-year';
import { DuplicateSearchCost1767000000005 } from './migrations/1767000000005-duplicate-search-cost';
import { PersonEntity } from './people/person.entity';

export const INTAKE_ENTITIES = [
  ...messagingEntities,
  AgeDeterminationEntity,
  CaseAssignmentEntity,
  CaseDeadlineAlertEntity,
  CaseEntity,
  CaseIdentificationEntity,
  CaseScreeningEntity,
  CaseTransferEntity,
  DifChannellingEntity,
  MpNoticeTaskEntity,
  PersonEntity,
  ProcuraduriaNotificationEntity,
];

/** In order: the shared tables first (outbox, inbox, dead letters; audit trail), then intake's. */
export const INTAKE_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  IntakeSchema1764470000000,
  DuplicateSearch1764530000000,
  IntakeChildFlow1765000000001,
  IntakeMpNotice1765000000002,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
  DropIdempotencyRecord1766600000001,
  DuplicateNameKeys1767000000001,
  MigrationPoints1767000000002,
  DuplicateInquiries1767000000003,
  DuplicateBirthYear1767000000004,
  DuplicateSearchCost1767000000005,
];
