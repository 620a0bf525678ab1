import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail, DomainError, Principal, RequestMeta, ResourceNotFoundError, visibleOffices } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { LegalRecordEntity } from './legal-record.entity';
import { LegalRepository } from './legal.repository';

export interface Caller {
  principal: Principal;
  meta: RequestMeta;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Office scope and the audit trail around every read and change of a legal record: another
 * office's case is answered as missing, and every outcome, allowed or refused, is audited.
 */
@Injectable()
export class LegalAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: LegalRepository,
    private readonly audit: AuditTrail,
    private readonly config: LegalStatusConfig,
  ) {}

  public officesOf(principal: Principal): OfficeCode[] {
    return visibleOffices(principal, this.config.OFFICES);
  }

  public visible(principal: Principal, record: LegalRecordEntity | null): record is LegalRecordEntity {
    return record !== null && this.officesOf(principal).includes(record.officeCode as OfficeCode);
  }

  /** A change in one transaction with the record locked; the audit entry commits with it. */
  public async change<T>(
    caller: Caller,
    action: string,
    caseId: string,
    change: (manager: EntityManager, record: LegalRecordEntity) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const record = await this.records.findRecord(manager, caseId, { lock: true });
        if (!this.visible(caller.principal, record)) throw new ResourceNotFoundError('case');
        const result = await change(manager, record);
        await this.audit.record(
          { actor: caller.principal, action, caseId, officeCode: record.officeCode as OfficeCode, outcome: 'allowed', ...caller.meta },
          manager,
        );
        return result;
      });
    } catch (error) {
      if (error instanceof DomainError) await this.recordRefusal(caller.principal, action, error, caseId, caller.meta);
      throw error;
    }
  }

  /** A read of one case's record, audited whatever the outcome. */
  public async read<T>(
    caller: Caller,
    action: string,
    caseId: string,
    read: (manager: EntityManager, record: LegalRecordEntity) => Promise<T>,
  ): Promise<T> {
    try {
      const manager = this.dataSource.manager;
      const record = await this.records.findRecord(manager, caseId);
      if (!this.visible(caller.principal, record)) throw new ResourceNotFoundError('case');
      const result = await read(manager, record);
      await this.audit.record({ actor: caller.principal, action, caseId, officeCode: record.officeCode as OfficeCode, outcome: 'allowed', ...caller.meta });
      return result;
    } catch (error) {
      if (error instanceof DomainError) await this.recordRefusal(caller.principal, action, error, caseId, caller.meta);
      throw error;
    }
  }

  public async recordRefusal(
    principal: Pick<Principal, 'subject' | 'roles'>,
    action: string,
    error: DomainError,
    caseId?: string,
    meta?: Partial<RequestMeta>,
  ): Promise<void> {
    await this.audit.record({
      actor: principal,
      action,
      caseId: caseId && UUID.test(caseId) ? caseId : null,
      outcome: 'refused',
      reason: error.rule ? `${error.code} ${error.rule}` : error.code,
      ...meta,
    });
  }
}
