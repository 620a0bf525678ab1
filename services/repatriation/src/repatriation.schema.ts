import { MESSAGING_MIGRATIONS, messagingEntities } from '@opis/messaging';
import { AuditTrailTable1764460000001, IdempotencyKeyCase1766500000001, IdempotencyKeyTable1766500000000 } from '@opis/platform';

import { CaseCopyEntity, FamilyMemberCopyEntity, LegalCopyEntity } from './copies/copy.entity';
import { ExitPointEntity, ReceivingAuthorityEntity, ReceivingCountryEntity, RepatriationPointEntity } from './countries/country.entity';
import { RepatriationSchema1764500000000 } from './migrations/1764500000000-repatriation-schema';
import { RepatriationCaseVersions1765000000000 } from './migrations/1765000000000-repatriation-case-versions';
import { RepatriationProcedureCopy1765000000001 } from './migrations/1765000000001-repatriation-procedure-copy';
import { RepatriationMemberCountry1765000000002 } from './migrations/1765000000002-repatriation-member-country';
import { RepatriationReturnSafeguards1765000000003 } from './migrations/1765000000003-repatriation-return-safeguards';
import { RepatriationClosingStates1765000000004 } from './migrations/1765000000004-repatriation-closing-states';
import { RepatriationProcedureResolvedAt1765000000005 } from './migrations/1765000000005-repatriation-procedure-resolved-at';
import { RepatriationCaseDetectedAt1766700000000 } from './migrations/1766700000000-repatriation-case-detected-at';
import { RepatriationSealFollowUpNote1766700000001 } from './migrations/1766700000001-repatriation-seal-follow-up-note';
import { PlanHandoverEntity, PlanLegEntity, ReturnPlanEntity } from './plans/plan.entity';
import { IncidentEntity, ReceptionEntity, ReceptionHandoverEntity } from './receptions/reception.entity';

export const REPATRIATION_ENTITIES = [
  ...messagingEntities,
  CaseCopyEntity,
  ExitPointEntity,
  FamilyMemberCopyEntity,
  IncidentEntity,
  LegalCopyEntity,
  PlanHandoverEntity,
  PlanLegEntity,
  ReceivingAuthorityEntity,
  ReceivingCountryEntity,
  ReceptionEntity,
  ReceptionHandoverEntity,
  RepatriationPointEntity,
  ReturnPlanEntity,
];

/** In order: the shared tables first (outbox, inbox, dead letters; audit trail), then repatriation's. */
export const REPATRIATION_MIGRATIONS = [
  ...MESSAGING_MIGRATIONS,
  AuditTrailTable1764460000001,
  RepatriationSchema1764500000000,
  RepatriationCaseVersions1765000000000,
  RepatriationProcedureCopy1765000000001,
  RepatriationMemberCountry1765000000002,
  RepatriationReturnSafeguards1765000000003,
  RepatriationClosingStates1765000000004,
  RepatriationProcedureResolvedAt1765000000005,
  IdempotencyKeyTable1766500000000,
  IdempotencyKeyCase1766500000001,
  RepatriationCaseDetectedAt1766700000000,
  RepatriationSealFollowUpNote1766700000001,
];
