import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { LegalStatusSchema1764490000000 } from './migrations/1764490000000-legal-status-schema';
import { ExplanationTexts1764490000001 } from './migrations/1764490000001-explanation-texts';
import { SealChildFreeText1764490000002 } from './migrations/1764490000002-seal-child-free-text';
import { LegalIntakeCaseVersion1765000000000 } from './migrations/1765000000000-legal-intake-case-version';
import { MoveClearance1765000000001 } from './migrations/1765000000001-move-clearance';
import { ProtectionConcerns1766000000000 } from './migrations/1766000000000-protection-concerns';
import { FearLift1766000000001 } from './migrations/1766000000001-fear-lift';
import { ResolutionImpact1766000000002 } from './migrations/1766000000002-resolution-impact';
import { SessionParticipation1766000000003 } from './migrations/1766000000003-session-participation';
import { DeadlineAlerts1766000000004 } from './migrations/1766000000004-deadline-alerts';
import { VrhGrounds1766000000005 } from './migrations/1766000000005-vrh-grounds';
import { ComingOfAge1766000000006 } from './migrations/1766000000006-coming-of-age';
import { ConsularContactClearance1766000000007 } from './migrations/1766000000007-consular-contact-clearance';
import { SuspensionWithdrawal1766000000010 } from './migrations/1766000000010-suspension-withdrawal';
import { ProcedureResolvedAt1766000000011 } from './migrations/1766000000011-procedure-resolved-at';
import { SealLateClaimJustification1766000000012 } from './migrations/1766000000012-seal-late-claim-justification';
import {
  BestInterestsRecordEntity,
  CalendarHolidayEntity,
  ClockSuspensionEntity,
  DueProcessItemEntity,
  ExplanationTextEntity,
  FearLiftEntity,
  InformationSessionEntity,
  InformDutyEntity,
  LegalAlertEntity,
  LegalRecordEntity,
  ProtectionConcernEntity,
  VrhGroundEntity,
} from './records/legal-record.entity';

export const LEGAL_STATUS_ENTITIES = [
  ...messagingEntities,
  BestInterestsRecordEntity,
  CalendarHolidayEntity,
  ClockSuspensionEntity,
  DueProcessItemEntity,
  ExplanationTextEntity,
  FearLiftEntity,
  InformationSessionEntity,
  InformDutyEntity,
  LegalAlertEntity,
  LegalRecordEntity,
  ProtectionConcernEntity,
  VrhGroundEntity,
];

/** In order: the shared tables first (outbox, inbox, dead letters; audit trail), then legal-status's. */
export const LEGAL_STATUS_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  LegalStatusSchema1764490000000,
  ExplanationTexts1764490000001,
  SealChildFreeText1764490000002,
  LegalIntakeCaseVersion1765000000000,
  MoveClearance1765000000001,
  ProtectionConcerns1766000000000,
  FearLift1766000000001,
  ResolutionImpact1766000000002,
  SessionParticipation1766000000003,
  DeadlineAlerts1766000000004,
  VrhGrounds1766000000005,
  ComingOfAge1766000000006,
  ConsularContactClearance1766000000007,
  SuspensionWithdrawal1766000000010,
  ProcedureResolvedAt1766000000011,
  SealLateClaimJustification1766000000012,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
];
