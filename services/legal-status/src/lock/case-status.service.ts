import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { CaseStatusReply, CaseStatusRequest } from '@opis/contracts-legal-status';
import { AuditTrail, ResourceNotFoundError, visibleOffices } from '@opis/platform';

import { BestInterestsRepository } from '../best-interests/best-interests.repository';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { caseStatusOf } from './case-status';
import { ServiceRequestGate } from './service-request.gate';

const ACTION = 'case-status.read';

/** `opis.legal-status.q.case-status`: the protection lock of a case and why (INV-01, INV-06). */
@Injectable()
export class CaseStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: LegalRecordRepository,
    private readonly bestInterests: BestInterestsRepository,
    private readonly gate: ServiceRequestGate,
    private readonly audit: AuditTrail,
  ) {}

  /** Every answer, given or refused, is audited. */
  public async caseStatus(request: CaseStatusRequest): Promise<CaseStatusReply> {
    return this.gate.answer(request, ACTION, async (principal) => {
      const record = await this.records.findRecord(this.dataSource.manager, request.caseId);
      // Not narrowed to this instance's OFFICES: requests carry no office, so the queue group hands
      // any of them to any instance, and every instance reads the service's one database.
      if (!record || !visibleOffices(principal).includes(record.officeCode as OfficeCode)) {
        throw new ResourceNotFoundError('case');
      }
      const determinations = await this.bestInterests.findBestInterests(this.dataSource.manager, record.caseId);
      await this.audit.record({ actor: principal, action: ACTION, caseId: record.caseId, officeCode: record.officeCode as OfficeCode, outcome: 'allowed' });
      return caseStatusOf(record, determinations);
    });
  }
}
