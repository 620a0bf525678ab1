import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

import { BEST_INTERESTS_TYPES, BestInterestsType, RECOMMENDED_MEASURES, RecommendedMeasure } from '@opis/contracts-legal-status';
import { IsInstant } from '@opis/platform';

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
  @Matches(/\S/, { each: true, message: 'each of panelMembers must name someone, not be blank' })
  public panelMembers?: string[];

  @IsInstant()
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
  @Matches(/\S/, { each: true, message: 'each of urgentMeasures must say what is to be done, not be blank' })
  public urgentMeasures?: string[];

  /** The plan's document (oficio) reference: a plan is a document with a date (LM-06). */
  @IsOptional()
  @IsString()
  @Length(2, 200)
  public documentReference?: string;
}
