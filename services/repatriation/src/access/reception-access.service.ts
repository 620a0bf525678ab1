import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditTrail, CaseRecordAccess } from '@opis/platform';

import { ReceptionEntity } from '../receptions/reception.entity';
import { ReceptionRepository } from '../receptions/reception.repository';
import { RepatriationConfig } from '../repatriation.config';

/**
 * Office scope and audit around a reception. Until intake has registered the child there is no
 * case: the reception's id stands in for it in the audit trail (as in its events).
 */
@Injectable()
export class ReceptionAccess extends CaseRecordAccess<ReceptionEntity> {
  constructor(dataSource: DataSource, receptions: ReceptionRepository, audit: AuditTrail, config: RepatriationConfig) {
    super(dataSource, audit, config.OFFICES, (manager, receptionId, options) => receptions.find(manager, receptionId, options));
  }
}
