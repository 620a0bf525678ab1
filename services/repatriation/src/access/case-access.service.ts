import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditTrail, CaseRecordAccess } from '@opis/platform';

import { CaseCopy, CopiesRepository } from '../copies/copies.repository';
import { RepatriationConfig } from '../repatriation.config';

export { Caller } from '@opis/platform';

/** Office scope and the audit trail around every read and change of a case's return plans. */
@Injectable()
export class CaseAccess extends CaseRecordAccess<CaseCopy> {
  constructor(dataSource: DataSource, copies: CopiesRepository, audit: AuditTrail, config: RepatriationConfig) {
    super(dataSource, audit, config.OFFICES, (manager, caseId, options) => copies.findCase(manager, caseId, options));
  }
}
