import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { PROTECTION_CONCERNS, ProtectionConcern } from '@opis/contracts-legal-status';
import { IsInstant } from '@opis/platform';

export class StateConcernDto {
  /** FEAR_OF_RETURN: the child said they fear going back; PROTECTION_NEED: the officer sees a need for international protection. */
  @IsIn(PROTECTION_CONCERNS)
  public protectionConcern!: ProtectionConcern;

  @IsInstant()
  public statedAt!: string;

  /** What the child said, in their words: encrypted at rest, never published. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  public notes?: string;
}
