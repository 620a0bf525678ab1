import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

import {
  ACCESSIBILITY_ADAPTATIONS,
  AccessibilityAdaptation,
  EXPLANATION_AGE_BANDS,
  ExplanationAgeBand,
  INFORM_TOPICS,
  InformTopic,
  SESSION_ATTENDEE_ROLES,
  SessionAttendeeRole,
} from '@opis/contracts-legal-status';
import { IsInstant, PageQuery } from '@opis/platform';

export const ISO_639_3 = /^[a-z]{3}$/;

/** One person present at a session (INF-02). */
export class PersonPresentDto {
  @IsIn(SESSION_ATTENDEE_ROLES)
  public role!: SessionAttendeeRole;

  /** The person's name or staff id. */
  @IsString()
  @Length(2, 200)
  public person!: string;
}

export class RecordSessionDto {
  @IsIn(INFORM_TOPICS)
  public topic!: InformTopic;

  /** When the session was held: not in the future, not before the case began. */
  @IsInstant()
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

  /** INF-02: everyone present, in their role (influencing adults are kept apart from the child). */
  @IsArray({ message: 'personsPresent must list who was present (INF-02)' })
  @ArrayMinSize(1, { message: 'personsPresent must list who was present (INF-02)' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PersonPresentDto)
  public personsPresent!: PersonPresentDto[];

  /** INF-02: how the session was made accessible (none is an empty list). */
  @IsArray({ message: 'accessibilityAdaptations must list the adaptations used, or none (INF-02)' })
  @ArrayMaxSize(ACCESSIBILITY_ADAPTATIONS.length)
  @IsIn(ACCESSIBILITY_ADAPTATIONS, { each: true })
  public accessibilityAdaptations!: AccessibilityAdaptation[];

  /** INF-02: whether hearing the child was appropriate, given age and maturity. */
  @IsBoolean({ message: 'hearingAppropriate must say whether hearing the child was appropriate (INF-02)' })
  public hearingAppropriate!: boolean;

  /** INF-02: why it was, or was not, appropriate. */
  @IsString({ message: 'hearingAppropriatenessReason must give the reasons (INF-02)' })
  @Length(10, 2000)
  public hearingAppropriatenessReason!: string;
}

/** The explanation texts, in topic, age band and language order, a page at a time. */
export class ExplanationQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only the texts on this topic', enum: INFORM_TOPICS })
  @IsOptional()
  @IsIn(INFORM_TOPICS)
  public topic?: InformTopic;

  @ApiPropertyOptional({ description: 'Only the texts for this age band', enum: EXPLANATION_AGE_BANDS })
  @IsOptional()
  @IsIn(EXPLANATION_AGE_BANDS)
  public ageBand?: ExplanationAgeBand;

  @ApiPropertyOptional({ description: 'Only the texts in this language (ISO 639-3, e.g. spa, quc)', pattern: ISO_639_3.source })
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
