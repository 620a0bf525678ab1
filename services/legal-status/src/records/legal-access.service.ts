import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditTrail, CaseRecordAccess } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { LegalRecordEntity } from './legal-record.entity';
import { LegalRecordRepository } from './legal-record.repository';

export { Caller } from '@opis/platform';

/** Office scope and the audit trail around every read and change of a legal record. */
@Injectable()
export class LegalAccess extends CaseRecordAccess<LegalRecordEntity> {
  constructor(dataSource: DataSource, records: LegalRecordRepository, audit: AuditTrail, config: LegalStatusConfig) {
    super(dataSource, audit, config.OFFICES, (manager, caseId, options) => records.findRecord(manager, caseId, options));
  }
}
