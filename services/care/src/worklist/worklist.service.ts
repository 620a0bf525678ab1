import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CareNeed } from '@opis/contracts-care';
import { OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail } from '@opis/platform';

import { CareAccess, Caller } from '../cases/care-access.service';
import { WorklistQuery } from './worklist.query';
import { CareRepository } from '../records/care.repository';

const DEFAULT_LIMIT = 100;

export interface WorklistItem {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  ageBand: string;
  accompaniment: string;
  flags: string[];
  need: CareNeed;
  dueAt: string;
  overdue: boolean;
}

/** An office's unmet needs: overdue first, then due soonest. */
@Injectable()
export class WorklistService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: CareRepository,
    private readonly access: CareAccess,
    private readonly audit: AuditTrail,
  ) {}

  public async list(caller: Caller, query: WorklistQuery): Promise<{ items: WorklistItem[] }> {
    if (query.office) this.access.assertServes(caller.principal, query.office);
    const visible = this.access.officesOf(caller.principal);
    const offices: OfficeCode[] = query.office ? visible.filter((office) => office === query.office) : visible;
    if (offices.length === 0) return { items: [] };
    const rows = await this.records.worklist(this.dataSource.manager, offices, query.limit ?? DEFAULT_LIMIT);
    const caseIds = [...new Set(rows.map((row) => row.caseId))];
    const officeOf = new Map(rows.map((row) => [row.caseId, row.officeCode as OfficeCode]));
    await this.audit.recordMany(
      caseIds.map((caseId) => ({
        actor: caller.principal,
        action: 'care.worklist',
        caseId,
        officeCode: officeOf.get(caseId),
        outcome: 'allowed' as const,
        ...caller.meta,
      })),
    );
    const now = new Date();
    return {
      items: rows.map((row) => ({
        caseId: row.caseId,
        caseNumber: row.caseNumber,
        officeCode: row.officeCode,
        ageBand: row.ageBand,
        accompaniment: row.accompaniment,
        flags: row.flags,
        need: row.need,
        dueAt: row.dueAt.toISOString(),
        overdue: row.dueAt <= now,
      })),
    };
  }
}
