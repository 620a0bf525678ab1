import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { dueRowsSql } from '@opis/platform';

export interface DueFirstCall {
  caseId: string;
  officeCode: OfficeCode;
  registeredAt: Date;
  detectedAt: Date | null;
  dueAt: Date;
}

/** The first free call's deadline (DOMAIN.md's T0) and the alerts it raised. */
/** Records past their first-call deadline with no call, not reunified or out of the child flow, no alert yet. */
const DUE_FIRST_CALLS_SQL = dueRowsSql({
  // Named as the row type's fields, so the rows are returned as they come.
  select: `r.case_id AS "caseId", r.office_code AS "officeCode", r.registered_at AS "registeredAt", r.detected_at AS "detectedAt",
    r.first_call_due_at AS "dueAt"`,
  from: 'family_record r',
  pending: `r.first_call_at IS NULL AND r.reunified_at IS NULL AND r.child_flow_exited_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM first_call_alert a WHERE a.case_id = r.case_id)`,
  dueAt: 'r.first_call_due_at',
  office: 'r.office_code',
  claimed: 'r',
});

@Injectable()
export class FirstCallRepository {
  /**
   * Records past their first-call deadline with no call and no alert yet. SKIP LOCKED lets
   * several instances scan at once without raising an alert twice.
   */
  public async findDueFirstCalls(manager: EntityManager, now: Date, offices: readonly OfficeCode[], limit: number): Promise<DueFirstCall[]> {
    return manager.query(DUE_FIRST_CALLS_SQL, [now, offices, limit]);
  }

  public async insertFirstCallAlert(manager: EntityManager, caseId: string, raisedAt: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO first_call_alert (case_id, raised_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING case_id`,
      [caseId, raisedAt],
    );
    return rows.length > 0;
  }
}
