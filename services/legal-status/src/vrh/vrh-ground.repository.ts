import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { VrhGroundEntity } from '../records/legal-record.entity';

/** The grounds of a foreign child's humanitarian stay (LM-17), each active or ended. */
@Injectable()
export class VrhGroundRepository {
  /** A ground of the stay begins (or begins again after it ended); true when it was not active. */
  public async startVrhGround(manager: EntityManager, ground: Pick<VrhGroundEntity, 'caseId' | 'vrhType' | 'since' | 'source'>): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO vrh_ground (case_id, vrh_type, since, source) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, vrh_type) DO UPDATE SET since = EXCLUDED.since, source = EXCLUDED.source, ended_at = NULL
        WHERE vrh_ground.ended_at IS NOT NULL
       RETURNING case_id`,
      [ground.caseId, ground.vrhType, ground.since, ground.source],
    );
    return rows.length > 0;
  }

  /** An active ground ends; false when it was not active. */
  public async endVrhGround(manager: EntityManager, caseId: string, vrhType: string, at: Date): Promise<VrhGroundEntity | null> {
    const result: unknown = await manager.query(
      `UPDATE vrh_ground SET ended_at = $3 WHERE case_id = $1 AND vrh_type = $2 AND ended_at IS NULL RETURNING since`,
      [caseId, vrhType, at],
    );
    const rows = Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as Array<{ since: Date }>) : [];
    return rows[0] ? { caseId, vrhType, since: rows[0].since, source: '', endedAt: at } : null;
  }

  public async findVrhGrounds(manager: EntityManager, caseId: string): Promise<VrhGroundEntity[]> {
    return manager.find(VrhGroundEntity, { where: { caseId }, order: { since: 'ASC', vrhType: 'ASC' } });
  }
}
