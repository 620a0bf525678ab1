import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { assertIfMatch, AuditTrail, Caller, CaseRecordAccess, DomainError, OfficeScopedRecord, Principal, RequestMeta } from '@opis/platform';

import { IntakeConfig } from '../intake.config';
import { CaseConflict, CaseErrorCode } from './case.exception';
import { CaseRepository, CaseWithPerson } from './case.repository';

/** The case and its person as the access check found them, with the office that scopes them. */
export interface CaseOnRecord extends CaseWithPerson, OfficeScopedRecord {}

export interface CaseChangeOptions {
  /** RLM-05: a notice still owed after a competent age determination took the person out of the child flow. */
  afterAdultExit?: boolean;
  /** A correction names the version it corrects: checked on the locked row, so nothing is written on a stale one. */
  ifMatch?: string;
}

/** Office scope and the audit trail around every read and change of an intake case. */
@Injectable()
export class CaseAccess extends CaseRecordAccess<CaseOnRecord> {
  constructor(dataSource: DataSource, cases: CaseRepository, audit: AuditTrail, config: IntakeConfig) {
    super(dataSource, audit, config.OFFICES, async (manager, caseId, options) => {
      const found = await cases.findWithPerson(manager, caseId, options);
      return found && { ...found, officeCode: found.case.officeCode };
    });
  }

  public canSee(principal: Principal, office: string): boolean {
    return this.officesOf(principal).includes(office as OfficeCode);
  }

  /** A change of a case still open to it: a closed case never changes, nor a child case after an exit from the child flow (GD-12). */
  public async changeOpenCase<T>(
    caller: Caller,
    action: string,
    caseId: string,
    change: (manager: EntityManager, current: CaseOnRecord) => Promise<T>,
    options: CaseChangeOptions = {},
  ): Promise<T> {
    return this.change(caller, action, caseId, async (manager, current) => {
      if ('ifMatch' in options) assertIfMatch(options.ifMatch, current.case.version);
      if (current.case.status === 'CLOSED') {
        throw new CaseConflict(CaseErrorCode.CASE_CLOSED, 'The case is closed; it can no longer change.');
      }
      if (current.case.status === 'EXIT_ADULT_FLOW' && !options.afterAdultExit) {
        throw new CaseConflict(
          CaseErrorCode.CASE_EXITED_CHILD_FLOW,
          'A competent age determination took this person out of the child flow; the child case no longer changes.',
          'GD-12',
        );
      }
      return change(manager, current);
    });
  }

  /** Intake's refusals have never named the office; kept so that its audit trail reads as before. */
  public override async recordRefusal(
    caller: { principal: Pick<Principal, 'subject' | 'roles'>; meta?: Partial<RequestMeta> },
    action: string,
    error: DomainError,
    caseId?: string,
  ): Promise<void> {
    await super.recordRefusal(caller, action, error, caseId);
  }
}
