import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO31661Alpha2, IsUUID, ValidateNested } from 'class-validator';

import {
  ACCOMPANIMENTS,
  Accompaniment,
  AGE_BANDS,
  AgeBand,
  SEXES,
  Sex,
} from '../vocabulary/case-vocabulary';

/** Screening outcomes as flags: what other services act on, never the interview itself. */
export class ScreeningFlags {
  @IsBoolean()
  public protectionNeedIndicated!: boolean;

  @IsBoolean()
  public traffickingIndicators!: boolean;

  @IsBoolean()
  public medicalEmergency!: boolean;

  @IsBoolean()
  public disability!: boolean;

  @IsBoolean()
  public pregnant!: boolean;
}

/**
 * The categories every event about a case may carry (ARCHITECTURE.md, data minimisation):
 * no names, birth dates, photos, phone numbers or free text.
 */
export class CaseCategories {
  @IsIn(AGE_BANDS)
  public ageBand!: AgeBand;

  @IsIn(SEXES)
  public sex!: Sex;

  @IsISO31661Alpha2()
  public nationality!: string;

  @IsIn(ACCOMPANIMENTS)
  public accompaniment!: Accompaniment;
}

export class CaseSummaryPayload extends CaseCategories {
  @IsUUID()
  public personId!: string;

  @ValidateNested()
  @Type(() => ScreeningFlags)
  public screening!: ScreeningFlags;
}
