import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { CareDeliveryEntity, HealthScreeningEntity, IncidentEntity, MedicalReferralEntity } from './cases/care-activity.entity';
import { FacilityEntity, PlacementEntity } from './facilities/facility.entity';
import { CareSchema1764480000000 } from './migrations/1764480000000-care-schema';
import { CareIntakeCaseVersion1765000000000 } from './migrations/1765000000000-care-intake-case-version';
import { CareIncidentProtectionConcern1765000000001 } from './migrations/1765000000001-care-incident-protection-concern';
import { CareRecordClosing1765000000002 } from './migrations/1765000000002-care-record-closing';
import { CareRecordAdultFlow1765000000003 } from './migrations/1765000000003-care-record-adult-flow';
import { CareSealChildFreeText1766000000000 } from './migrations/1766000000000-care-seal-child-free-text';
import { CareNeedEntity, CareRecordEntity } from './records/care-record.entity';

export const CARE_ENTITIES = [
  ...messagingEntities,
  CareDeliveryEntity,
  CareNeedEntity,
  CareRecordEntity,
  FacilityEntity,
  HealthScreeningEntity,
  IncidentEntity,
  MedicalReferralEntity,
  PlacementEntity,
];

/** In order: the shared tables first (outbox, inbox, dead letters; audit trail), then care's. */
export const CARE_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  CareSchema1764480000000,
  CareIntakeCaseVersion1765000000000,
  CareIncidentProtectionConcern1765000000001,
  CareRecordClosing1765000000002,
  CareRecordAdultFlow1765000000003,
  CareSealChildFreeText1766000000000,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
];
