import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { ContactEntity, ContactPhoneEntity } from './contacts/contact.entity';
import { FamilyContactSchema1764480000000 } from './migrations/1764480000000-family-contact-schema';
import { FamilyIntakeCaseVersion1765000000000 } from './migrations/1765000000000-family-intake-case-version';
import { FamilyFlagProtectionConcern1765000000001 } from './migrations/1765000000001-family-flag-protection-concern';
import { FamilyTracingAndReunified1765000000002 } from './migrations/1765000000002-family-tracing-and-reunified';
import { FamilyLegalStatusCopyAndDetection1765000000003 } from './migrations/1765000000003-family-legal-status-copy-and-detection';
import { FamilyConsularClearance1765000000004 } from './migrations/1765000000004-family-consular-clearance';
import { FamilyChildFlowExit1765000000005 } from './migrations/1765000000005-family-child-flow-exit';
import { FamilyChildConcern1765000000006 } from './migrations/1765000000006-family-child-concern';
import {
  CallEntity,
  ChildConcernEntity,
  ConsularNotificationEntity,
  ReunificationEntity,
  TracingAttemptEntity,
  VerificationEntity,
} from './records/family-activity.entity';
import { CaseProtectionEntity, FamilyRecordEntity, LegalLockCopyEntity } from './records/family-record.entity';

export const FAMILY_CONTACT_ENTITIES = [
  ...messagingEntities,
  CallEntity,
  ChildConcernEntity,
  CaseProtectionEntity,
  ConsularNotificationEntity,
  ContactEntity,
  ContactPhoneEntity,
  FamilyRecordEntity,
  LegalLockCopyEntity,
  ReunificationEntity,
  TracingAttemptEntity,
  VerificationEntity,
];

/** In order: the shared tables first (outbox, inbox, dead letters; audit trail), then family-contact's. */
export const FAMILY_CONTACT_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  FamilyContactSchema1764480000000,
  FamilyIntakeCaseVersion1765000000000,
  FamilyFlagProtectionConcern1765000000001,
  FamilyTracingAndReunified1765000000002,
  FamilyLegalStatusCopyAndDetection1765000000003,
  FamilyConsularClearance1765000000004,
  FamilyChildFlowExit1765000000005,
  FamilyChildConcern1765000000006,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
];
