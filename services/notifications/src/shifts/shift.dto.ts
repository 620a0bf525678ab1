import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { IsInstant, PageQuery } from '@opis/platform';

import { SHIFT_ROLES, ShiftRole } from './shift.repository';

/** A work phone in E.164 (+52…), for SMS alerts. */
const E164 = /^\+[1-9]\d{7,14}$/;

/** A shift as set again as a whole (PUT): the office stays the shift's. */
export class UpdateShiftDto {
  /** The person's pseudonymous subject (their token's `sub`), never a name. */
  @Matches(/^\S{1,200}$/)
  public subject!: string;

  /** OFFICER and SUPERVISOR belong to an office; NATIONAL_DUTY to none. */
  @IsIn(SHIFT_ROLES)
  public role!: ShiftRole;

  @IsInstant()
  public startsAt!: string;

  @IsInstant()
  public endsAt!: string;

  /** Work address for email alerts. */
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  public email?: string;

  /** Work phone for SMS alerts, E.164. */
  @IsOptional()
  @Matches(E164)
  public phone?: string;
}

export class CreateShiftDto extends UpdateShiftDto {
  /** Required for OFFICER and SUPERVISOR; absent for NATIONAL_DUTY. */
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public officeCode?: OfficeCode;
}

/** Shifts in start order; those still to end after `from` (default now). */
export class ListShiftsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OFFICE_CODES, description: 'One of your offices; all of them (and national duty, if you may see it) when absent' })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;

  @ApiPropertyOptional({ format: 'date-time', description: 'Shifts ending after this instant (default now)' })
  @IsOptional()
  @IsInstant()
  public from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Shifts starting before this instant' })
  @IsOptional()
  @IsInstant()
  public to?: string;
}
