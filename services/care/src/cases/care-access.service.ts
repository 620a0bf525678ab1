import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditTrail, CaseRecordAccess } from '@opis/platform';

import { CareConfig } from '../care.config';
import { CareRepository } from '../records/care.repository';
import { CareRecordEntity } from '../records/care-record.entity';

export { Caller } from '@opis/platform';

/** Office scope and the audit trail around every read and change of a care record. */
@Injectable()
export class CareAccess extends CaseRecordAccess<CareRecordEntity> {
  constructor(dataSource: DataSource, records: CareRepository, audit: AuditTrail, config: CareConfig) {
    super(dataSource, audit, config.OFFICES, (manager, caseId, options) => records.findRecord(manager, caseId, options));
  }
}
