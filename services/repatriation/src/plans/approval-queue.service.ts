import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail, Caller, decodeKeysetCursor, DEFAULT_PAGE_SIZE, keysetPage, Page, PageQuery, visibleOffices } from '@opis/platform';

import { RepatriationConfig } from '../repatriation.config';
import { PlanRepository } from './plan.repository';

export interface PlanAwaitingApprovalView {
  planId: string;
  caseId: string;
  officeCode: string;
  receivingCountry: string;
  proposedAt: string;
  proposedBy: string;
}

/** The office's return plans awaiting a supervisor's approval: each case shown is audited, as a list of cases is. */
@Injectable()
export class ApprovalQueueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlanRepository,
    private readonly audit: AuditTrail,
    private readonly config: RepatriationConfig,
  ) {}

  public async list(caller: Caller, query: PageQuery): Promise<Page<PlanAwaitingApprovalView>> {
    const after = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.plans.pageAwaitingApproval(this.dataSource.manager, visibleOffices(caller.principal, this.config.OFFICES), after, limit + 1);
    const page = keysetPage(rows, limit, (plan) => ({ at: plan.proposedAt, id: plan.id }));
    await this.audit.recordMany(
      page.items.map((plan) => ({ actor: caller.principal, action: 'plan.read', caseId: plan.caseId, officeCode: plan.officeCode as OfficeCode, outcome: 'allowed' as const, ...caller.meta })),
    );
    return {
      items: page.items.map((plan) => ({
        planId: plan.id,
        caseId: plan.caseId,
        officeCode: plan.officeCode,
        receivingCountry: plan.receivingCountry,
        proposedAt: plan.proposedAt.toISOString(),
        proposedBy: plan.proposedBy,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
