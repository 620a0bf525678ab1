import { IsIn, IsOptional, IsString, Length } from 'class-validator';

import { APPEAL_KINDS, APPEAL_OUTCOMES, AppealKind, AppealOutcome, PROTECTION_DECISIONS, PROTECTION_NEED_SOURCES, ProtectionDecision, ProtectionNeedSource } from '@opis/contracts-legal-status';
import { IsInstant } from '@opis/platform';

export class IdentifyNeedDto {
  @IsIn(PROTECTION_NEED_SOURCES)
  public source!: ProtectionNeedSource;
}

export class FileClaimDto {
  @IsInstant()
  public filedAt!: string;

  /** The child's legal representative for the claim (IP-05): a named person. */
  @IsOptional()
  @IsString()
  @Length(3, 200)
  public representative?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  public interpreterId?: string;

  /** Why the claim comes after the filing term (IP-01); asked for, never a reason to refuse. */
  @IsOptional()
  @IsString()
  @Length(10, 2000)
  public lateFilingJustification?: string;
}

export class DatedActDto {
  @IsInstant()
  public at!: string;
}

export class DecisionDto {
  @IsIn(PROTECTION_DECISIONS)
  public decision!: ProtectionDecision;

  @IsInstant()
  public decidedAt!: string;
}

export class AppealDto {
  @IsIn(APPEAL_KINDS)
  public kind!: AppealKind;

  @IsInstant()
  public filedAt!: string;
}

export class AppealDecisionDto {
  @IsIn(APPEAL_OUTCOMES)
  public outcome!: AppealOutcome;

  @IsInstant()
  public decidedAt!: string;
}

export class WithdrawalDto {
  @IsInstant()
  public withdrawnAt!: string;

  /** The Procuraduría representative present at the withdrawal (INV-13). */
  @IsOptional()
  @IsString()
  @Length(3, 200)
  public procuraduriaRepresentative?: string;

  /** The child's own views on withdrawing, in their words (INV-13, INF-04). */
  @IsOptional()
  @IsString()
  @Length(3, 4000)
  public childViews?: string;
}

/** A Procuraduría decision that lifts fear of return, with the child heard (GD-08, INF-04). */
export class LiftFearDto {
  /** The decision's document (oficio) reference. */
  @IsString()
  @Length(3, 200)
  public decisionReference!: string;

  @IsInstant()
  public decidedAt!: string;

  /** The Procuraduría official who decided (a named person). */
  @IsString()
  @Length(3, 200)
  public official!: string;

  /** The child's own views on going back, in their words (INF-04). */
  @IsOptional()
  @IsString()
  @Length(3, 4000)
  public childViews?: string;

  /** Why the child cannot give views (too young, unable), instead of them (INF-04). */
  @IsOptional()
  @IsString()
  @Length(10, 2000)
  public childViewsUnavailableReason?: string;
}
