import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditTrail, CaseRecordAccess } from '@opis/platform';

import { FamilyContactConfig } from '../family-contact.config';
import { FamilyRecordEntity } from './family-record.entity';
import { FamilyRecordRepository } from './family-record.repository';

export { Caller } from '@opis/platform';

/** Office scope and the audit trail around every read and change of a family record. */
@Injectable()
export class FamilyAccess extends CaseRecordAccess<FamilyRecordEntity> {
  constructor(dataSource: DataSource, records: FamilyRecordRepository, audit: AuditTrail, config: FamilyContactConfig) {
    super(dataSource, audit, config.OFFICES, (manager, caseId, options) => records.findRecord(manager, caseId, options));
  }
}
