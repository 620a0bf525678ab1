import { IsIn, IsISO31661Alpha2, IsOptional, IsString, Length } from 'class-validator';

import { CONSULAR_MEANS, CONSULAR_PURPOSES, ConsularMeans, ConsularPurpose } from '@opis/contracts-family-contact';
import { IsInstant } from '@opis/platform';

export class NotifyConsulateDto {
  /** The consulate's country; the child's nationality when omitted. */
  @IsOptional()
  @IsISO31661Alpha2()
  public country?: string;

  @IsIn(CONSULAR_PURPOSES)
  public purpose!: ConsularPurpose;

  @IsIn(CONSULAR_MEANS)
  public means!: ConsularMeans;

  /** The legal basis cited for the contact, e.g. "RLM art. 170 fr. III". */
  @IsString()
  @Length(3, 200)
  public legalBasis!: string;

  @IsOptional()
  @IsInstant()
  public notifiedAt?: string;
}
