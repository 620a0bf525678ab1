import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';

import { defineRequest, requestPattern } from '@opis/contracts-envelope';

import {
  BEST_INTERESTS_TYPES,
  BestInterestsType,
  LOCK_REASONS,
  LockReason,
  PROCEDURE_RESOLUTIONS,
  ProcedureResolution,
  RECOMMENDED_MEASURES,
  RecommendedMeasure,
} from '../vocabulary/legal-vocabulary';
import { PROTECTION_STATUSES, ProtectionStatus } from '../vocabulary/protection-vocabulary';

/**
 * `opis.legal-status.q.case-status`: whether return and consular contact are locked for a case
 * and why (INV-01, INV-06), asked at the moment of a consular contact or a return step.
 */
export const LEGAL_CASE_STATUS_PATTERN = requestPattern('legal-status', 'case-status');

/** How long a caller waits; no answer in time means the lock holds (fail safe). */
export const LEGAL_CASE_STATUS_TIMEOUT_MS = 2_000;

export class CaseStatusRequest {
  /**
   * The caller's bearer token: a service token with role `integration` and the offices it
   * serves (or `national`), or an officer's token. The answer follows its office scope and is audited.
   */
  @IsString()
  @MinLength(20)
  @MaxLength(8_192)
  public token!: string;

  @IsUUID()
  public caseId!: string;
}

/** A best-interests determination legal-status holds for the case (RLM-01): what others may cite. */
export class BestInterestsSummary {
  @IsUUID()
  public id!: string;

  @IsIn(BEST_INTERESTS_TYPES)
  public type!: BestInterestsType;

  /** The plan's document (oficio) reference, as recorded in legal-status. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  public documentReference?: string;

  @IsOptional()
  @IsIn(RECOMMENDED_MEASURES)
  public recommendedMeasure?: RecommendedMeasure;

  @IsISO8601({ strict: true })
  public decidedAt!: string;
}

/** How many determinations a case-status answer lists, newest first. */
export const CASE_STATUS_BEST_INTERESTS_LIMIT = 20;

export class CaseStatusReply {
  @IsUUID()
  public caseId!: string;

  /** No assisted return may be approved or start (INV-01, GD-08). */
  @IsBoolean()
  public returnLocked!: boolean;

  /** No consulate of the country of origin may be contacted (INV-06, RP-05). */
  @IsBoolean()
  public consularContactLocked!: boolean;

  @IsArray()
  @ArrayMaxSize(LOCK_REASONS.length)
  @IsIn(LOCK_REASONS, { each: true })
  public reasons!: LockReason[];

  @IsIn(PROTECTION_STATUSES)
  public protectionStatus!: ProtectionStatus;

  /** Whether a protection claim exists (filed, decided or under appeal), as in `legal.protection.changed`. */
  @IsBoolean()
  public protectionClaimed!: boolean;

  /** The latest Procuraduría plan recommends assisted return (INV-02, RP-01, GD-09). */
  @IsBoolean()
  public bestInterestsRecommendsReturn!: boolean;

  /** The migration procedure was resolved as assisted return (DOMAIN.md 4.5 a, LM-06). */
  @IsBoolean()
  public assistedReturnResolved!: boolean;

  /**
   * The PAM's resolution while it stands (RESOLVED; absent while open or under review): a
   * reunification abroad follows a PAM resolved for it (LM-06, DOMAIN.md 4.4 a).
   */
  @IsOptional()
  @IsIn(PROCEDURE_RESOLUTIONS)
  public procedureResolution?: ProcedureResolution;

  /** The case's best-interests determinations, newest first (RLM-01: a decision cites one of these). */
  @IsArray()
  @ArrayMaxSize(CASE_STATUS_BEST_INTERESTS_LIMIT)
  @ValidateNested({ each: true })
  @Type(() => BestInterestsSummary)
  public bestInterests!: BestInterestsSummary[];

  /** When legal-status last changed this case's lock or protection. */
  @IsISO8601({ strict: true })
  public asOf!: string;
}

export const caseStatusRequest = defineRequest<CaseStatusRequest, CaseStatusReply>({
  service: 'legal-status',
  query: 'case-status',
  requestClass: CaseStatusRequest,
  reply: CaseStatusReply,
  timeoutMs: LEGAL_CASE_STATUS_TIMEOUT_MS,
  description:
    'Whether return and consular contact are locked for a case and why (INV-01, INV-06). No answer within the timeout means the lock holds.',
  example: {
    request: { token: '<the caller\'s bearer token>', caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01' },
    reply: {
      caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01',
      returnLocked: true,
      consularContactLocked: true,
      reasons: ['CLAIM_PENDING'],
      protectionStatus: 'CLAIM_PENDING',
      protectionClaimed: true,
      bestInterestsRecommendsReturn: false,
      assistedReturnResolved: false,
      bestInterests: [
        {
          id: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d50',
          type: 'PLAN',
          documentReference: 'PPNNA-CHP-2026-0099',
          recommendedMeasure: 'REUNIFICATION_IN_MEXICO',
          decidedAt: '2026-11-29T09:00:00.000Z',
        },
      ],
      asOf: '2026-11-30T09:00:00.000Z',
    },
  },
});


