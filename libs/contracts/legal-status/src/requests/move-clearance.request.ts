import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';

import { defineRequest, requestPattern } from '@opis/contracts-envelope';

import { LOCK_REASONS, LockReason } from '../vocabulary/legal-vocabulary';
import { PROTECTION_STATUSES, ProtectionStatus } from '../vocabulary/protection-vocabulary';

/**
 * Every step that takes a child across a border or hands a child to someone abroad (INV-01,
 * GD-08), and the one contact with the country of origin that is cleared like them:
 * CONSULAR_CONTACT, a consular notification or a tracing request through the consulate (INV-06,
 * RP-05, RLM-05), since a letter sent after a claim cannot be taken back either. Each asks
 * legal-status for a clearance at the moment it is taken.
 */
export const MOVE_STEPS = [
  'REUNIFICATION_ABROAD',
  'RETURN_APPROVAL',
  'RETURN_SCHEDULING',
  'RETURN_DEPARTURE',
  'RETURN_HANDOVER',
  'CONSULAR_CONTACT',
] as const;
export type MoveStep = (typeof MOVE_STEPS)[number];

/**
 * `opis.legal-status.q.move-clearance`: may this child be moved (or, for CONSULAR_CONTACT, may the
 * consulate of the country of origin be contacted) now? legal-status answers under
 * the case's row lock and records the clearance, so that it and any change of the lock (a claim,
 * fear of return) are totally ordered: a clearance given was given before the claim, and a claim
 * committed first refuses the clearance. A lock that comes after a clearance aborts the move
 * through `legal.lock.changed`; a consular contact already made cannot be undone, but the record
 * shows it came first.
 */
export const LEGAL_MOVE_CLEARANCE_PATTERN = requestPattern('legal-status', 'move-clearance');

export class MoveClearanceRequest {
  /** The caller's bearer token (a service token with role `integration`, or an officer's); audited. */
  @IsString()
  @MinLength(20)
  @MaxLength(8_192)
  public token!: string;

  @IsUUID()
  public caseId!: string;

  @IsIn(MOVE_STEPS)
  public step!: MoveStep;

  /** What moves, in the caller's terms (a plan id, a reunification id, a consular notification id): asking twice gives one clearance. */
  @IsString()
  @Matches(/^[A-Za-z0-9:._-]{1,120}$/)
  public moveRef!: string;
}

export class MoveClearanceReply {
  @IsUUID()
  public caseId!: string;

  @IsIn(MOVE_STEPS)
  public step!: MoveStep;

  /**
   * True only when nothing locks return (INV-01): no need, claim, protection, appeal or fear of
   * return. For CONSULAR_CONTACT, true only when nothing locks consular contact (INV-06, RP-05).
   */
  @IsBoolean()
  public cleared!: boolean;

  /** The recorded clearance (or refusal), for the step's own record and the audit. */
  @IsUUID()
  public clearanceId!: string;

  @IsArray()
  @ArrayMaxSize(LOCK_REASONS.length)
  @IsIn(LOCK_REASONS, { each: true })
  public reasons!: LockReason[];

  /** The latest Procuraduría plan recommends assisted return (INV-02, RP-01). */
  @IsBoolean()
  public bestInterestsRecommendsReturn!: boolean;

  /** The migration procedure was resolved as assisted return (DOMAIN.md 4.5 a, LM-06). */
  @IsBoolean()
  public assistedReturnResolved!: boolean;

  /**
   * The protection status it decided on, so that a caller shows legal-status's answer and can tell
   * whether legal-status has taken up intake's screening flag yet (NOT_ASSESSED). Absent from
   * replies of older versions.
   */
  @IsOptional()
  @IsIn(PROTECTION_STATUSES)
  public protectionStatus?: ProtectionStatus;

  /** The lock it decided on (as case status says it), for the caller to show. Absent from replies of older versions. */
  @IsOptional()
  @IsBoolean()
  public returnLocked?: boolean;

  @IsOptional()
  @IsBoolean()
  public consularContactLocked?: boolean;

  /** legal-status's version of the case when it decided (the order of clearances and locks). */
  @IsInt()
  @Min(0)
  public caseVersion!: number;

  @IsISO8601({ strict: true })
  public decidedAt!: string;
}

export const moveClearanceRequest = defineRequest<MoveClearanceRequest, MoveClearanceReply>({
  service: 'legal-status',
  query: 'move-clearance',
  requestClass: MoveClearanceRequest,
  reply: MoveClearanceReply,
  timeoutMs: 2_000,
  description:
    'May this child be moved now (INV-01, GD-08), or the consulate of the country of origin be contacted (CONSULAR_CONTACT: INV-06, RP-05)? Answered and recorded under the case lock, so a clearance and a claim are totally ordered. No answer within the timeout means no.',
  example: {
    request: { token: "<the caller's bearer token>", caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01', step: 'RETURN_DEPARTURE', moveRef: 'plan:0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d99' },
    reply: {
      caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01',
      step: 'RETURN_DEPARTURE',
      cleared: false,
      clearanceId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d02',
      reasons: ['CLAIM_PENDING'],
      bestInterestsRecommendsReturn: false,
      assistedReturnResolved: false,
      protectionStatus: 'CLAIM_PENDING',
      returnLocked: true,
      consularContactLocked: true,
      caseVersion: 7,
      decidedAt: '2026-11-30T09:00:00.000Z',
    },
  },
});
