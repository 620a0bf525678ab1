import {
  BestInterestsSummary,
  BestInterestsType,
  CASE_STATUS_BEST_INTERESTS_LIMIT,
  CaseStatusReply,
  LockReason,
  ProcedureResolution,
  protectionClaimedIn,
  ProtectionStatus,
  RecommendedMeasure,
} from '@opis/contracts-legal-status';

import { BestInterestsRecordEntity, LegalRecordEntity } from '../records/legal-record.entity';
import { assistedReturnResolved } from './lock-rules';

/** The determinations a decision may cite (RLM-01), newest first, as case status and the record both show them. */
export function bestInterestsSummaries(determinations: readonly BestInterestsRecordEntity[]): BestInterestsSummary[] {
  return [...determinations]
    .sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime() || b.id.localeCompare(a.id))
    .slice(0, CASE_STATUS_BEST_INTERESTS_LIMIT)
    .map((determination) => ({
      id: determination.id,
      type: determination.recordType as BestInterestsType,
      ...(determination.documentReference ? { documentReference: determination.documentReference } : {}),
      ...(determination.recommendedMeasure ? { recommendedMeasure: determination.recommendedMeasure as RecommendedMeasure } : {}),
      decidedAt: determination.decidedAt.toISOString(),
    }));
}

/**
 * The one answer to "may this child be moved, may the consulate be told" (INV-01, INV-06, issue 18
 * item 12): `opis.legal-status.q.case-status` replies with it and the record's HTTP view shows it,
 * both from this function, so other services and legal-status's own officers read the same values.
 */
export function caseStatusOf(record: LegalRecordEntity, determinations: readonly BestInterestsRecordEntity[]): CaseStatusReply {
  const protectionStatus = record.protectionStatus as ProtectionStatus;
  return {
    caseId: record.caseId,
    returnLocked: record.returnLocked,
    consularContactLocked: record.consularLocked,
    reasons: record.lockReasons as LockReason[],
    protectionStatus,
    protectionClaimed: protectionClaimedIn(protectionStatus),
    bestInterestsRecommendsReturn: record.biRecommendsReturn,
    assistedReturnResolved: assistedReturnResolved(record),
    ...(record.procedureStatus === 'RESOLVED' && record.procedureResolution ? { procedureResolution: record.procedureResolution as ProcedureResolution } : {}),
    bestInterests: bestInterestsSummaries(determinations),
    asOf: record.statusAsOf.toISOString(),
  };
}
