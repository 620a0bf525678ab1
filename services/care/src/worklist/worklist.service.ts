import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CARE_NEEDS, CareNeed } from '@opis/contracts-care';
import { OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail, decodeKeysetCursor, DEFAULT_PAGE_SIZE, encodeKeysetCursor, Page } from '@opis/platform';

import { CareAccess, Caller } from '../cases/care-access.service';
import { WorklistQuery } from './worklist.query';
import { CareRepository, WorklistRow } from '../records/care.repository';

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

  public async list(caller: Caller, query: WorklistQuery): Promise<Page<WorklistItem>> {
    if (query.office) this.access.assertServes(caller.principal, query.office);
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    const visible = this.access.officesOf(caller.principal);
    const offices: OfficeCode[] = query.office ? visible.filter((office) => office === query.office) : visible;
    if (offices.length === 0) return { items: [], nextCursor: null };
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // A case's needs due at one time are one position of the cursor: a page takes all of them or none.
    const fetched = await this.records.worklist(this.dataSource.manager, offices, limit + CARE_NEEDS.length, after && { dueAt: after.at, caseId: after.id });
    const rows = pageOf(fetched, limit);
    const last = rows.at(-1);
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
      nextCursor: last && fetched.length > rows.length ? encodeKeysetCursor({ at: last.dueAt, id: last.caseId }) : null,
    };
  }
}

const samePosition = (a: WorklistRow, b: WorklistRow): boolean => a.caseId === b.caseId && a.dueAt.getTime() === b.dueAt.getTime();

/**
 * The first `limit` rows, short of the needs of the case where the page would split them (the
 * cursor names a time and a case, not a need): they open the next page. When they alone fill more
 * than `limit`, the page takes them all, a few over, rather than none.
 */
export function pageOf(rows: readonly WorklistRow[], limit: number): WorklistRow[] {
  if (rows.length <= limit) return [...rows];
  const next = rows[limit];
  let end = limit;
  while (end > 0 && samePosition(rows[end - 1], next)) end -= 1;
  if (end > 0) return rows.slice(0, end);
  end = limit;
  while (end < rows.length && samePosition(rows[end], next)) end += 1;
  return rows.slice(0, end);
}
