import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';

import { FearLiftEntity, ProtectionConcernEntity } from '../records/legal-record.entity';

export interface FearStatementRow {
  source: 'CONCERN' | 'SESSION';
  statedAt: Date;
  receivedAt: Date;
}

/** The concerns other services report, the child's statements of fear of return and their lifts. */
@Injectable()
export class ProtectionRepository {
  /** Stores a reported concern once per source event; false when the event was stored before. */
  public async insertConcern(manager: EntityManager, concern: ProtectionConcernEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO protection_concern (event_id, case_id, source_service, source_event_type, reported_by, concern, return_aborted, reported_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        concern.eventId,
        concern.caseId,
        concern.sourceService,
        concern.sourceEventType,
        concern.reportedBy,
        concern.concern,
        concern.returnAborted,
        concern.reportedAt,
        concern.receivedAt,
      ],
    );
    return rows.length > 0;
  }

  public async findWaitingConcerns(manager: EntityManager, caseId: string): Promise<ProtectionConcernEntity[]> {
    return manager.find(ProtectionConcernEntity, { where: { caseId, appliedAt: IsNull() }, order: { reportedAt: 'ASC', eventId: 'ASC' } });
  }

  public async markConcernApplied(manager: EntityManager, eventId: string, outcomes: readonly string[], at: Date): Promise<void> {
    await manager.update(ProtectionConcernEntity, { eventId }, { outcomes: [...outcomes], appliedAt: at });
  }

  /** The concerns recorded while the child was taken for Mexican, in the order they were received. */
  public async findConcernsNotLockedAsNational(manager: EntityManager, caseId: string): Promise<ProtectionConcernEntity[]> {
    return manager
      .createQueryBuilder(ProtectionConcernEntity, 'concern')
      .where('concern.case_id = :caseId', { caseId })
      .andWhere('concern.concern IS NOT NULL')
      .andWhere(`'NATIONAL_CHILD_NOT_LOCKED' = ANY(concern.outcomes)`)
      .orderBy('concern.received_at', 'ASC')
      .addOrderBy('concern.event_id', 'ASC')
      .getMany();
  }

  /** Appends what a concern led to later (a correction of nationality), keeping what it led to before. */
  public async appendConcernOutcomes(manager: EntityManager, eventId: string, outcomes: readonly string[]): Promise<void> {
    await manager.query(`UPDATE protection_concern SET outcomes = outcomes || $2::text[] WHERE event_id = $1`, [eventId, [...outcomes]]);
  }

  public async insertFearLift(manager: EntityManager, lift: FearLiftEntity): Promise<void> {
    await manager.insert(FearLiftEntity, lift);
  }

  public async findFearLifts(manager: EntityManager, caseId: string): Promise<FearLiftEntity[]> {
    return manager.find(FearLiftEntity, { where: { caseId }, order: { liftedAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Every statement of fear of return the case holds, whatever heard it: the concerns other
   * services reported and the information sessions where the child expressed it. `receivedAt` is
   * when legal-status recorded it, which is what a later Procuraduría decision can have weighed.
   */
  public async findFearStatements(manager: EntityManager, caseId: string): Promise<FearStatementRow[]> {
    const rows: Array<{ source: FearStatementRow['source']; stated_at: Date; received_at: Date }> = await manager.query(
      `SELECT 'CONCERN' AS source, reported_at AS stated_at, received_at FROM protection_concern WHERE case_id = $1 AND concern = 'FEAR_OF_RETURN'
       UNION ALL
       SELECT 'SESSION', held_at, recorded_at FROM information_session WHERE case_id = $1 AND fear_of_return_expressed
       ORDER BY received_at`,
      [caseId],
    );
    return rows.map((row) => ({ source: row.source, statedAt: row.stated_at, receivedAt: row.received_at }));
  }
}
