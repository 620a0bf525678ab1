import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';

import {
  CHILD_WISHES,
  ChildWish,
  CONSULAR_MEANS,
  CONSULAR_PURPOSES,
  ConsularMeans,
  ConsularPurpose,
  KINSHIP_EVIDENCE,
  KinshipEvidence,
  LOCATION_CHANNELS,
  LocationChannel,
  RISK_INDICATORS,
  RiskIndicator,
  TRACING_CHANNELS,
  TRACING_OUTCOMES,
  TracingChannel,
  TracingOutcome,
} from '@opis/contracts-family-contact';
import { PROTECTION_CONCERNS, ProtectionConcern } from '@opis/contracts-legal-status';
import { IsInstant } from '@opis/platform';

export class TracingAttemptDto {
  @IsIn(TRACING_CHANNELS)
  public channel!: TracingChannel;

  /** The person sought, when the attempt is about one. */
  @IsOptional()
  @IsUUID()
  public contactId?: string;

  @IsIn(TRACING_OUTCOMES)
  public outcome!: TracingOutcome;

  @IsInstant()
  public attemptedAt!: string;

  /** The channel's reference (e.g. a Red Cross tracing request number); stored encrypted. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  public reference?: string;

  /*
   * A request through the consulate is an outbound contact with the country of origin: it is
   * logged with purpose, means and legal basis like any consular notification (DOMAIN.md 4.3).
   * Required for CONSULATE, checked whenever given.
   */

  @ValidateIf((attempt: TracingAttemptDto) => attempt.channel === 'CONSULATE' || attempt.purpose !== undefined)
  @IsIn(CONSULAR_PURPOSES)
  public purpose?: ConsularPurpose;

  @ValidateIf((attempt: TracingAttemptDto) => attempt.channel === 'CONSULATE' || attempt.means !== undefined)
  @IsIn(CONSULAR_MEANS)
  public means?: ConsularMeans;

  /** The legal basis cited for contacting the consulate, e.g. "RLM art. 170 fr. III". */
  @ValidateIf((attempt: TracingAttemptDto) => attempt.channel === 'CONSULATE' || attempt.legalBasis !== undefined)
  @IsString()
  @Length(3, 200)
  public legalBasis?: string;

  /** The consulate's country; the child's nationality when omitted. */
  @IsOptional()
  @IsISO31661Alpha2()
  public country?: string;
}

export class LocateMemberDto {
  @IsIn(LOCATION_CHANNELS)
  public via!: LocationChannel;

  @IsInstant()
  public locatedAt!: string;
}

/** GD-05: kinship evidence, the child's own wish, a risk screen, and the Procuraduría's vetting. */
export class VerifyMemberDto {
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(KINSHIP_EVIDENCE, { each: true })
  public evidence!: KinshipEvidence[];

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  public evidenceNotes?: string;

  @IsIn(CHILD_WISHES)
  public childWish!: ChildWish;

  /** The child's views in their words (INF-04); stored encrypted. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  public childViews?: string;

  /** The risk screen: empty when none was found. Any indicator flags the person. */
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(RISK_INDICATORS, { each: true })
  public riskIndicators!: RiskIndicator[];

  @IsOptional()
  @IsString()
  @Length(3, 120)
  public procuraduriaVettingReference?: string;
}

export class FlagMemberDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(RISK_INDICATORS, { each: true })
  public riskIndicators!: RiskIndicator[];

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  public notes?: string;

  /**
   * The child stated fear of return (FEAR_OF_RETURN) or the officer sees an international
   * protection need (PROTECTION_NEED) in what was said about this person: legal-status acts on it
   * (INV-01, GD-08). Without it, the indicator CHILD_EXPRESSED_FEAR means fear of return.
   */
  @IsOptional()
  @IsIn(PROTECTION_CONCERNS)
  public protectionConcern?: ProtectionConcern;
}
