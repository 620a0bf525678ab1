import { OfficeCode } from '@opis/contracts-envelope';
import { Relationship } from '@opis/contracts-family-contact';
import { AbortReason, PlanStatus, ReturnPrecondition, TravelMode } from '@opis/contracts-repatriation';

import { FamilyMemberCopy } from '../copies/copies.repository';
import { ReturnPlanEntity } from './plan.entity';
import { PlanHandover, PlanLeg } from './plan.repository';
import { LegalFacts, UnmetPrecondition } from './return-rules';

export interface PlanView {
  planId: string;
  caseId: string;
  officeCode: OfficeCode;
  receivingCountry: string;
  status: PlanStatus;
  familyContactId: string | null;
  /** LM-13, RP-03; the official's name and contact are personal data, shown here and never published. */
  receivingAuthority: {
    code: string;
    officialPosition: string | null;
    officialName: string | null;
    officialContact: string | null;
    acceptedAt: string | null;
    takesGuardianship: boolean;
  } | null;
  /** RP-09: required when intake's screening found trafficking indicators. */
  traffickingChecklist: {
    required: boolean;
    originRiskAssessment: { reference: string; assessedAt: string; returnSafe: boolean } | null;
    receivingProtectionPlan: { reference: string; confirmedAt: string } | null;
  };
  /** RP-10, INV-09: the Procuraduría plan's endorsement of a family-unit return. */
  familyUnitReturn: { bestInterestsId: string; adultRelationship: Relationship; endorsedAt: string; recordedBy: string } | null;
  withFamilyAdults: boolean;
  fitToTravel: boolean | null;
  exitPointCode: string | null;
  handoverAt: string | null;
  legs: Array<{ seq: number; mode: TravelMode; origin: string; destination: string; departsAt: string; escortOfficerIds: string[] }>;
  approvedAt: string | null;
  departedAt: string | null;
  handedOverAt: string | null;
  abortedAt: string | null;
  abortReason: AbortReason | null;
  closedAt: string | null;
  followUpNote: string | null;
  handover: { handoverId: string; authorityCode: string; officialName: string; officialPosition: string; place: string; handedOverAt: string } | null;
  /** The copies kept from legal-status and family-contact events. */
  copies: {
    legal: {
      returnLocked: boolean;
      lockReasons: string[];
      protectionStatus: string | null;
      bestInterestsRecommendsReturn: boolean;
      informedOfReturnAt: string | null;
      /** The PAM resolved as ASSISTED_RETURN_APPROVED, as legal-status last published (null: not yet heard). */
      assistedReturnResolved: boolean | null;
    } | null;
    family: FamilyMemberCopy[];
  };
  /** What the copies say is still missing (legal-status is asked again at approval, scheduling and departure). */
  unmetPreconditions: Array<{ precondition: ReturnPrecondition; rule: string }>;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export function planView(
  plan: ReturnPlanEntity,
  legs: PlanLeg[],
  handover: PlanHandover | null,
  legal: LegalFacts | null,
  family: FamilyMemberCopy[],
  traffickingIndicated: boolean,
  unmet: UnmetPrecondition[],
): PlanView {
  return {
    planId: plan.id,
    caseId: plan.caseId,
    officeCode: plan.officeCode as OfficeCode,
    receivingCountry: plan.receivingCountry,
    status: plan.status,
    familyContactId: plan.familyContactId,
    receivingAuthority: plan.authorityCode
      ? {
          code: plan.authorityCode,
          officialPosition: plan.authorityOfficialPosition,
          officialName: plan.authorityOfficialName,
          officialContact: plan.authorityOfficialContact,
          acceptedAt: iso(plan.authorityAcceptedAt),
          takesGuardianship: plan.takesGuardianship,
        }
      : null,
    traffickingChecklist: {
      required: traffickingIndicated,
      originRiskAssessment:
        plan.originRiskReference && plan.originRiskAssessedAt
          ? { reference: plan.originRiskReference, assessedAt: new Date(plan.originRiskAssessedAt).toISOString(), returnSafe: plan.originReturnSafe === true }
          : null,
      receivingProtectionPlan:
        plan.protectionPlanReference && plan.protectionPlanConfirmedAt
          ? { reference: plan.protectionPlanReference, confirmedAt: new Date(plan.protectionPlanConfirmedAt).toISOString() }
          : null,
    },
    familyUnitReturn:
      plan.familyUnitBestInterestsId && plan.familyUnitEndorsedAt
        ? {
            bestInterestsId: plan.familyUnitBestInterestsId,
            adultRelationship: plan.familyUnitAdultRelationship as Relationship,
            endorsedAt: new Date(plan.familyUnitEndorsedAt).toISOString(),
            recordedBy: plan.familyUnitRecordedBy ?? '',
          }
        : null,
    withFamilyAdults: plan.withFamilyAdults,
    fitToTravel: plan.fitToTravel,
    exitPointCode: plan.exitPointCode,
    handoverAt: iso(plan.handoverAt),
    legs: legs.map((leg) => ({ ...leg, mode: leg.mode as TravelMode, departsAt: new Date(leg.departsAt).toISOString() })),
    approvedAt: iso(plan.approvedAt),
    departedAt: iso(plan.departedAt),
    handedOverAt: iso(plan.handedOverAt),
    abortedAt: iso(plan.abortedAt),
    abortReason: plan.abortReason as AbortReason | null,
    closedAt: iso(plan.closedAt),
    followUpNote: plan.followUpNote,
    handover: handover
      ? {
          handoverId: handover.id,
          authorityCode: handover.authorityCode,
          officialName: handover.officialName,
          officialPosition: handover.officialPosition,
          place: handover.place,
          handedOverAt: new Date(handover.handedOverAt).toISOString(),
        }
      : null,
    copies: {
      legal: legal
        ? {
            returnLocked: legal.returnLocked,
            lockReasons: [...legal.lockReasons],
            protectionStatus: legal.protectionStatus,
            bestInterestsRecommendsReturn: legal.biRecommendsReturn,
            informedOfReturnAt: iso(legal.returnInformedAt),
            assistedReturnResolved: legal.assistedReturnResolved,
          }
        : null,
      family,
    },
    unmetPreconditions: unmet.map((item) => ({ precondition: item.precondition, rule: item.rule })),
  };
}
