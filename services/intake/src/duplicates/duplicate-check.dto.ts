import { Type } from 'class-transformer';
import { IsDefined, IsIn, ValidateNested } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';

import { ChildIdentityDto } from '../registration/register-case.dto';

/** What the registration form holds once the officer has written the child's name, sex, age and nationality. */
export class DuplicateCheckDto {
  /** The office the child is about to be registered in: one of the caller's. */
  @IsIn(OFFICE_CODES)
  public officeCode!: OfficeCode;

  @IsDefined()
  @ValidateNested()
  @Type(() => ChildIdentityDto)
  public child!: ChildIdentityDto;
}
