import { OfficeCode } from '@opis/contracts-envelope';
import { Accompaniment, AgeBand, Sex } from '@opis/contracts-intake';

/**
 * What every service's copy of an intake case holds, in columns of these names in the service's
 * own table (`case_id`, `office_code`, `age_band`, `sex`, `nationality`, `accompaniment`,
 * `intake_case_version`, `updated_at`): the office whose officers see the case, the categories
 * events may carry, and the intake `caseVersion` of the last intake event applied to the copy.
 */
export interface CaseCopy {
  caseId: string;
  officeCode: OfficeCode;
  ageBand: AgeBand;
  sex: Sex;
  nationality: string;
  accompaniment: Accompaniment;
  intakeCaseVersion: number;
}
