import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The clearances given or refused to move a child, each stamped with the case's event version. */
@Injectable()
export class MoveClearanceRepository {
  /** How many events legal-status wrote about the case: its version, in the order of its commits. */
  public async eventVersion(manager: EntityManager, caseId: string): Promise<number> {
    const [row] = (await manager.query(`SELECT version::int AS version FROM outbox_case_version WHERE case_id = $1`, [caseId])) as { version: number }[];
    return row?.version ?? 0;
  }

  /** Records a clearance (given or refused); returns when it was decided. */
  public async insertMoveClearance(
    manager: EntityManager,
    clearance: { id: string; caseId: string; step: string; moveRef: string; cleared: boolean; reasons: readonly string[]; caseVersion: number; askedBy: string },
  ): Promise<Date> {
    const [row] = (await manager.query(
      `INSERT INTO move_clearance (id, case_id, step, move_ref, cleared, reasons, case_version, asked_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING decided_at`,
      [clearance.id, clearance.caseId, clearance.step, clearance.moveRef, clearance.cleared, clearance.reasons, clearance.caseVersion, clearance.askedBy],
    )) as { decided_at: Date }[];
    return row?.decided_at ?? new Date();
  }
}
