import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

import { CUSTODIAL_STATES, CustodialState } from './procedure-rules';
import { APPEAL_KINDS, AppealKind, DUE_PROCESS_ITEMS, DueProcessItem, PROCEDURE_RESOLUTIONS, ProcedureResolution } from '@opis/contracts-legal-status';
import { IsInstant } from '@opis/platform';

export class OpenProcedureDto {
  /** When the PAM opened (default: now): not in the future, not before the case began. */
  @IsOptional()
  @IsInstant()
  public openedAt?: string;
}

export class ChecklistEvidenceDto {
  /** When the guarantee was given: not in the future, not before the case began. */
  @IsInstant()
  public completedAt!: string;

  /** The document that shows it (oficio, acta, notice number). */
  @IsString()
  @Length(2, 200)
  public documentReference!: string;

  /** Who gave it: the official, lawyer, interpreter or representative. */
  @IsString()
  @Length(2, 200)
  public person!: string;

  @IsOptional()
  @IsBoolean()
  public notApplicable?: boolean;

  @IsOptional()
  @IsString()
  @Length(10, 1000)
  public notApplicableReason?: string;
}

export const checklistItemValues = DUE_PROCESS_ITEMS;
export type ChecklistItemParam = DueProcessItem;

export class ResolutionOverrideDto {
  /** Why the resolution departs from the plan's recommended measure (LM-06). */
  @IsString()
  @Length(20, 2000)
  public reason!: string;
}

export class ResolveProcedureDto {
  // Custodial words pass validation so that the LM-10 guard refuses them (422, audited); the
  // document offers only the resolutions that can be accepted.
  @JSONSchema((generated) => ({ ...generated, enum: [...PROCEDURE_RESOLUTIONS] }))
  @IsIn([...PROCEDURE_RESOLUTIONS, ...CUSTODIAL_STATES], {
    message: `resolution must be one of ${PROCEDURE_RESOLUTIONS.join(', ')}; no child is ever presented or detained (LM-10)`,
  })
  public resolution!: ProcedureResolution | CustodialState;

  @IsOptional()
  @ValidateNested()
  @Type(() => ResolutionOverrideDto)
  public override?: ResolutionOverrideDto;

  /**
   * GD-02: the possible consequences of this resolution for the child, weighed. Required; its
   * absence is refused as GD-02 (422) rather than as a malformed request.
   */
  @IsOptional()
  @IsString()
  @Length(20, 4000)
  public impactAssessment?: string;
}

export class SeekReviewDto {
  @IsIn(APPEAL_KINDS)
  public kind!: AppealKind;

  /** When the appeal or amparo was filed: not in the future, not before the case began. */
  @IsInstant()
  public filedAt!: string;
}
