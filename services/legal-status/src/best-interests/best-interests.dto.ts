import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';

import { BEST_INTERESTS_TYPES, BestInterestsType, RECOMMENDED_MEASURES, RecommendedMeasure } from '@opis/contracts-legal-status';

export class RecordBestInterestsDto {
  @IsIn(BEST_INTERESTS_TYPES)
  public type!: BestInterestsType;

  /** Who made it: the Procuraduría official, or the BIA/BID author. */
  @IsString()
  @Length(3, 200)
  public author!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(3, 200, { each: true })
  public panelMembers?: string[];

  @IsISO8601({ strict: true })
  public decidedAt!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RECOMMENDED_MEASURES.length)
  @IsIn(RECOMMENDED_MEASURES, { each: true })
  public optionsConsidered!: RecommendedMeasure[];

  /** The child's views, or why they could not be given (too young, unable): INF-04, refused without. */
  @IsOptional()
  @IsString()
  @Length(3, 4000)
  public childViews?: string;

  @IsOptional()
  @IsIn(RECOMMENDED_MEASURES)
  public recommendedMeasure?: RecommendedMeasure;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(3, 300, { each: true })
  public urgentMeasures?: string[];

  /** The plan's document (oficio) reference: a plan is a document with a date (LM-06). */
  @IsOptional()
  @IsString()
  @Length(2, 200)
  public documentReference?: string;
}
