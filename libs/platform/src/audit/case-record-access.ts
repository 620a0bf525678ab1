import { DataSource, EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';

import { assertOfficeServed, visibleOffices } from '../auth/office-scope';
import { Principal } from '../auth/principal';
import { RequestMeta } from '../auth/request-meta.decorator';
import { DomainError, ResourceNotFoundError } from '../errors/domain-error';
import { AuditTrail } from './audit-trail.service';

/** Who asks, and from where: what every audit entry records. */
export interface Caller {
  principal: Principal;
  meta: RequestMeta;
}

/** A service's own record of a case: it carries the office whose officers may see it. */
export interface OfficeScopedRecord {
  officeCode: string;
}

export type CaseRecordFinder<R> = (manager: EntityManager, caseId: string, options: { lock: boolean }) => Promise<R | null>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Office scope and the audit trail around every read and change of a service's case record
 * (ARCHITECTURE.md, Security): another office's case is answered as missing (404, so existence
 * does not leak), and every outcome, allowed or refused, is audited. A service extends it with
 * its record's finder.
 */
export class CaseRecordAccess<R extends OfficeScopedRecord> {
  constructor(
    protected readonly dataSource: DataSource,
    protected readonly audit: AuditTrail,
    private readonly instanceOffices: readonly OfficeCode[] | undefined,
    private readonly find: CaseRecordFinder<R>,
  ) {}

  public officesOf(principal: Principal): OfficeCode[] {
    return visibleOffices(principal, this.instanceOffices);
  }

  public visible(principal: Principal, record: R | null): record is R {
    return record !== null && this.officesOf(principal).includes(record.officeCode as OfficeCode);
  }

  /** A request about an office this instance does not serve, which the principal may see: 421 naming it. */
  public assertServes(principal: Principal, office: OfficeCode): void {
    assertOfficeServed(principal, office, this.instanceOffices);
  }

  /** The record if the principal may see it here; 421 if another instance serves its office; else 404. */
  private reachable(principal: Principal, record: R | null): R {
    if (record) this.assertServes(principal, record.officeCode as OfficeCode);
    if (!this.visible(principal, record)) throw new ResourceNotFoundError('case');
    return record;
  }

  /** A change in one transaction with the record locked; the audit entry commits with it. */
  public async change<T>(caller: Caller, action: string, caseId: string, change: (manager: EntityManager, record: R) => Promise<T>): Promise<T> {
    // Known once the record is visible: a rule refusing the change is then audited with the office.
    let officeCode: OfficeCode | undefined;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const record = this.reachable(caller.principal, await this.find(manager, caseId, { lock: true }));
        officeCode = record.officeCode as OfficeCode;
        const result = await change(manager, record);
        await this.audit.record(
          { actor: caller.principal, action, caseId, officeCode: record.officeCode as OfficeCode, outcome: 'allowed', ...caller.meta },
          manager,
        );
        return result;
      });
    } catch (error) {
      if (error instanceof DomainError) await this.recordRefusal(caller, action, error, caseId, officeCode);
      throw error;
    }
  }

  /** A read of one case's record, audited whatever the outcome. */
  public async read<T>(caller: Caller, action: string, caseId: string, read: (manager: EntityManager, record: R) => Promise<T>): Promise<T> {
    try {
      const manager = this.dataSource.manager;
      const record = this.reachable(caller.principal, await this.find(manager, caseId, { lock: false }));
      const result = await read(manager, record);
      await this.audit.record({ actor: caller.principal, action, caseId, officeCode: record.officeCode as OfficeCode, outcome: 'allowed', ...caller.meta });
      return result;
    } catch (error) {
      if (error instanceof DomainError) await this.recordRefusal(caller, action, error, caseId);
      throw error;
    }
  }

  /** The record if the caller may see it here, else a 421 or 404 (audit it with `read`, `change` or `recordRefusal`). */
  public async visibleRecord(principal: Principal, caseId: string): Promise<R> {
    return this.reachable(principal, await this.find(this.dataSource.manager, caseId, { lock: false }));
  }

  /** A refused request, with the error's code and rule as the reason; a malformed case id is not stored. */
  public async recordRefusal(
    caller: { principal: Pick<Principal, 'subject' | 'roles'>; meta?: Partial<RequestMeta> },
    action: string,
    error: DomainError,
    caseId?: string,
    officeCode?: OfficeCode,
  ): Promise<void> {
    await this.audit.record({
      actor: caller.principal,
      action,
      caseId: caseId && UUID.test(caseId) ? caseId : null,
      officeCode: officeCode ?? null,
      outcome: 'refused',
      reason: error.rule ? `${error.code} ${error.rule}` : error.code,
      ...caller.meta,
    });
  }
}
