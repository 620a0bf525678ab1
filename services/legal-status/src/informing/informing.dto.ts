import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

import { EXPLANATION_AGE_BANDS, ExplanationAgeBand, INFORM_TOPICS, InformTopic } from '@opis/contracts-legal-status';

const ISO_639_3 = /^[a-z]{3}$/;

export class RecordSessionDto {
  @IsIn(INFORM_TOPICS)
  public topic!: InformTopic;

  @IsISO8601({ strict: true })
  public heldAt!: string;

  /** ISO 639-3 code of the language used, e.g. `spa`, `quc` (K'iche'), `mam`. */
  @Matches(ISO_639_3, { message: 'language must be an ISO 639-3 code' })
  public language!: string;

  /** Required when the child does not fully speak Spanish or the session is not in Spanish (LM-18). */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  public interpreterId?: string;

  /** The age-adapted material used (an explanation text, a leaflet, drawings). */
  @IsString()
  @Length(3, 500)
  public materialUsed!: string;

  /** What the child understood or asked (INF-01). */
  @IsString()
  @Length(3, 4000)
  public understanding!: string;

  /** The child's views, heard and given weight (INF-04). */
  @IsOptional()
  @IsString()
  @Length(3, 4000)
  public childViews?: string;

  /** The child said they fear going back: a lock on return and consular contact (INV-01). */
  @IsOptional()
  @IsBoolean()
  public fearOfReturnExpressed?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(480)
  public durationMinutes?: number;
}

export class ExplanationQuery {
  @IsOptional()
  @IsIn(INFORM_TOPICS)
  public topic?: InformTopic;

  @IsOptional()
  @IsIn(EXPLANATION_AGE_BANDS)
  public ageBand?: ExplanationAgeBand;

  @IsOptional()
  @Matches(ISO_639_3, { message: 'lang must be an ISO 639-3 code' })
  public lang?: string;
}

export class PutExplanationDto {
  @IsString()
  @Length(3, 200)
  public title!: string;

  @IsString()
  @Length(20, 4000)
  public body!: string;
}
