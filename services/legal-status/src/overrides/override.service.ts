import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail, Caller, decodeKeysetCursor, DEFAULT_PAGE_SIZE, keysetPage, Page, PageQuery, visibleOffices } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { OverrideRepository } from './override.repository';

export interface OverrideView {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  resolution: string;
  resolvedAt: string;
  overriddenBy: string;
  /** Why the resolution departs from the plan's recommended measure (LM-06). */
  overrideReason: string | null;
}

/** The office's overrides for its supervisors: each case shown is audited, as a list of cases is. */
@Injectable()
export class OverrideService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly overrides: OverrideRepository,
    private readonly audit: AuditTrail,
    private readonly config: LegalStatusConfig,
  ) {}

  public async list(caller: Caller, query: PageQuery): Promise<Page<OverrideView>> {
    const after = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.overrides.page(this.dataSource.manager, visibleOffices(caller.principal, this.config.OFFICES), after, limit + 1);
    const page = keysetPage(rows, limit, (row) => ({ at: row.resolvedAt, id: row.caseId }));
    await this.audit.recordMany(
      page.items.map((row) => ({ actor: caller.principal, action: 'procedure.override.read', caseId: row.caseId, officeCode: row.officeCode as OfficeCode, outcome: 'allowed' as const, ...caller.meta })),
    );
    return { items: page.items.map((row) => ({ ...row, resolvedAt: row.resolvedAt.toISOString() })), nextCursor: page.nextCursor };
  }
}
