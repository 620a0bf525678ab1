import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail, CaseRecordAccess, Caller, DomainError, ResourceNotFoundError } from '@opis/platform';

import { CareConfig } from '../care.config';
import { CareRepository } from '../records/care.repository';
import { CareRecordEntity } from '../records/care-record.entity';

export { Caller } from '@opis/platform';

/** Office scope and the audit trail around every read and change of a care record. */
@Injectable()
export class CareAccess extends CaseRecordAccess<CareRecordEntity> {
  constructor(
    dataSource: DataSource,
    private readonly records: CareRepository,
    audit: AuditTrail,
    config: CareConfig,
  ) {
    super(dataSource, audit, config.OFFICES, (manager, caseId, options) => records.findRecord(manager, caseId, options));
  }

  /**
   * Refuses a change whose attempt others must see (LM-08 RPT): the refusal's audit row and what
   * `alert` writes (an event) commit together, with the record locked so that the event takes its
   * place in the case's order; nothing else is written. Another office's case is answered as
   * missing, and raises nothing. Always throws: `refusal`, or what stopped it.
   */
  public async refuseWithAlert(
    caller: Caller,
    action: string,
    caseId: string,
    refusal: DomainError,
    alert: (manager: EntityManager, record: CareRecordEntity) => Promise<void>,
  ): Promise<never> {
    let officeCode: OfficeCode | undefined;
    try {
      await this.dataSource.transaction(async (manager) => {
        const record = await this.records.findRecord(manager, caseId, { lock: true });
        if (record) this.assertServes(caller.principal, record.officeCode as OfficeCode);
        if (!this.visible(caller.principal, record)) throw new ResourceNotFoundError('case');
        officeCode = record.officeCode as OfficeCode;
        await alert(manager, record);
        await this.audit.record(
          {
            actor: caller.principal,
            action,
            caseId,
            officeCode,
            outcome: 'refused',
            reason: refusal.rule ? `${refusal.code} ${refusal.rule}` : refusal.code,
            ...caller.meta,
          },
          manager,
        );
      });
    } catch (error) {
      if (error instanceof DomainError) await this.recordRefusal(caller, action, error, caseId, officeCode);
      throw error;
    }
    throw refusal;
  }
}
