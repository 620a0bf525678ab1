import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';

import { defineRequest, requestPattern } from '@opis/contracts-envelope';

import { LOCK_REASONS, LockReason } from '../vocabulary/legal-vocabulary';

/**
 * Every step that takes a child across a border or hands a child to someone abroad (INV-01,
 * GD-08). Each asks legal-status for a clearance at the moment it is taken.
 */
export const MOVE_STEPS = [
  'REUNIFICATION_ABROAD',
  'RETURN_APPROVAL',
  'RETURN_SCHEDULING',
  'RETURN_DEPARTURE',
  'RETURN_HANDOVER',
] as const;
export type MoveStep = (typeof MOVE_STEPS)[number];

/**
 * `opis.legal-status.q.move-clearance`: may this child be moved now? legal-status answers under
 * the case's row lock and records the clearance, so that it and any change of the lock (a claim,
 * fear of return) are totally ordered: a clearance given was given before the claim, and a claim
 * committed first refuses the clearance. A lock that comes after a clearance aborts the move
 * through `legal.lock.changed`.
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

  /** What moves, in the caller's terms (a plan id, a reunification id): asking twice gives one clearance. */
  @IsString()
  @Matches(/^[A-Za-z0-9:._-]{1,120}$/)
  public moveRef!: string;
}

export class MoveClearanceReply {
  @IsUUID()
  public caseId!: string;

  @IsIn(MOVE_STEPS)
  public step!: MoveStep;

  /** True only when nothing locks return (INV-01): no need, claim, protection, appeal or fear of return. */
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
    'May this child be moved now (INV-01, GD-08)? Answered and recorded under the case lock, so a clearance and a claim are totally ordered. No answer within the timeout means no.',
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
      caseVersion: 7,
      decidedAt: '2026-11-30T09:00:00.000Z',
    },
  },
});
