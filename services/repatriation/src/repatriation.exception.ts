import { FieldViolation } from '@opis/contracts-envelope';
import { CheckStage } from '@opis/contracts-repatriation';
import { DomainError, ErrorKind } from '@opis/platform';

import { UnmetPrecondition } from './plans/return-rules';

export enum RepatriationErrorCode {
  RETURN_PRECONDITIONS_UNMET = 'RETURN_PRECONDITIONS_UNMET',
  PLAN_STATE = 'PLAN_STATE',
  PLAN_ALREADY_OPEN = 'PLAN_ALREADY_OPEN',
  NOT_A_FOREIGN_CHILD = 'NOT_A_FOREIGN_CHILD',
  COUNTRY_NOT_ARRANGED = 'COUNTRY_NOT_ARRANGED',
  AUTHORITY_NOT_REGISTERED = 'AUTHORITY_NOT_REGISTERED',
  HANDOVER_AUTHORITY_MISMATCH = 'HANDOVER_AUTHORITY_MISMATCH',
  POINT_NOT_REGISTERED = 'POINT_NOT_REGISTERED',
  RECEPTION_STATE = 'RECEPTION_STATE',
  CASE_NOT_RETURNED_FROM_USA = 'CASE_NOT_RETURNED_FROM_USA',
  FAMILY_MEMBER_NOT_OF_CASE = 'FAMILY_MEMBER_NOT_OF_CASE',
  CASE_ALREADY_LINKED = 'CASE_ALREADY_LINKED',
  PROCURADURIA_MEASURE_MISSING = 'PROCURADURIA_MEASURE_MISSING',
  FAMILY_NOT_VERIFIED = 'FAMILY_NOT_VERIFIED',
  ESCORT_MISSING = 'ESCORT_MISSING',
  RISK_SCREEN_MISSING = 'RISK_SCREEN_MISSING',
  OFFICE_NOT_ALLOWED = 'OFFICE_NOT_ALLOWED',
  RECORDED_IN_FUTURE = 'RECORDED_IN_FUTURE',
  RETURN_LOCKED = 'RETURN_LOCKED',
  PROCEDURE_NOT_RESOLVED = 'PROCEDURE_NOT_RESOLVED',
  FAMILY_UNIT_NOT_ENDORSED = 'FAMILY_UNIT_NOT_ENDORSED',
  CAUSES_OF_MIGRATION_MISSING = 'CAUSES_OF_MIGRATION_MISSING',
  CLOSED_BEFORE_HANDOVER = 'CLOSED_BEFORE_HANDOVER',
  FAMILY_NOT_CONTACTED = 'FAMILY_NOT_CONTACTED',
}

/** A repatriation rule refused the request. `rule` is the DOMAIN.md rule ID where one applies. */
export class RepatriationRuleViolation extends DomainError {
  constructor(code: RepatriationErrorCode, detail: string, rule?: string, violations: FieldViolation[] = []) {
    super({ code, kind: ErrorKind.RULE_VIOLATION, detail, rule, violations });
  }
}

export class RepatriationConflict extends DomainError {
  constructor(code: RepatriationErrorCode, detail: string, rule?: string) {
    super({ code, kind: ErrorKind.CONFLICT, detail, rule });
  }
}

/**
 * One refusal naming every unmet precondition: `rule` lists their rule IDs, `errors` one entry
 * per precondition (field = the precondition, rule = its rule ID).
 */
export class ReturnPreconditionsUnmet extends DomainError {
  public readonly stage: CheckStage | 'PROPOSAL';
  public readonly unmet: UnmetPrecondition[];

  /** PROPOSAL: no plan exists yet, so the refusal is audited but not published as `plan.refused`. */
  constructor(stage: CheckStage | 'PROPOSAL', unmet: UnmetPrecondition[]) {
    const rules = [...new Set(unmet.map((item) => item.rule))];
    super({
      code: RepatriationErrorCode.RETURN_PRECONDITIONS_UNMET,
      kind: ErrorKind.RULE_VIOLATION,
      detail: `${stage.toLowerCase()} refused: ${unmet.map((item) => item.message).join(' ')}`,
      rule: rules.join(' '),
      violations: unmet.map((item) => ({ field: item.precondition, rule: item.rule, message: item.message })),
    });
    this.stage = stage;
    this.unmet = unmet;
  }
}
