import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { dueRowsSql } from '@opis/platform';

import { ExplanationTextEntity, InformationSessionEntity, InformDutyEntity } from '../records/legal-record.entity';

export interface DueDuty {
  id: string;
  caseId: string;
  officeCode: OfficeCode;
  topic: string;
  openedAt: Date;
  dueAt: Date;
}

/** TypeORM answers an UPDATE ... RETURNING on Postgres with `[rows, affectedCount]`. */
function updatedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** Information sessions, the duties to inform the child they discharge, and the texts explained in them. */
/** Duties past due, not discharged and not yet alerted. */
const DUE_DUTIES_SQL = dueRowsSql({
  // Named as the row type's fields, so the rows are returned as they come.
  select: `d.id, d.case_id AS "caseId", r.office_code AS "officeCode", d.topic, d.opened_at AS "openedAt", d.due_at AS "dueAt"`,
  from: 'inform_duty d JOIN legal_record r ON r.case_id = d.case_id',
  pending: 'd.discharged_at IS NULL AND d.overdue_raised_at IS NULL',
  dueAt: 'd.due_at',
  office: 'r.office_code',
  claimed: 'd',
});

@Injectable()
export class InformingRepository {
  public async insertSession(manager: EntityManager, session: InformationSessionEntity): Promise<void> {
    await manager.insert(InformationSessionEntity, session);
  }

  public async findSessions(manager: EntityManager, caseId: string): Promise<InformationSessionEntity[]> {
    return manager.find(InformationSessionEntity, { where: { caseId }, order: { heldAt: 'ASC', id: 'ASC' } });
  }

  /** Opens a duty unless one on this topic is open already; true when it opened one. */
  public async openDutyIfNone(manager: EntityManager, duty: InformDutyEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO inform_duty (id, case_id, topic, cause, opened_at, due_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (case_id, topic) WHERE discharged_at IS NULL DO NOTHING RETURNING id`,
      [duty.id, duty.caseId, duty.topic, duty.cause, duty.openedAt, duty.dueAt],
    );
    return rows.length > 0;
  }

  public async dischargeDuties(manager: EntityManager, caseId: string, topic: string, sessionId: string, at: Date): Promise<number> {
    const result: unknown = await manager.query(
      `UPDATE inform_duty SET discharged_at = $4, session_id = $3
        WHERE case_id = $1 AND topic = $2 AND discharged_at IS NULL RETURNING id`,
      [caseId, topic, sessionId, at],
    );
    return updatedRows(result);
  }

  public async findDuties(manager: EntityManager, caseId: string): Promise<InformDutyEntity[]> {
    return manager.find(InformDutyEntity, { where: { caseId }, order: { openedAt: 'ASC', id: 'ASC' } });
  }

  /** Duties past due, not discharged and not yet alerted; SKIP LOCKED lets instances scan together. */
  public async findDueDuties(manager: EntityManager, now: Date, offices: readonly OfficeCode[], limit: number): Promise<DueDuty[]> {
    return manager.query(DUE_DUTIES_SQL, [now, offices, limit]);
  }

  public async markDutyOverdue(manager: EntityManager, id: string, at: Date): Promise<boolean> {
    const result: unknown = await manager.query(
      `UPDATE inform_duty SET overdue_raised_at = $2 WHERE id = $1 AND overdue_raised_at IS NULL RETURNING id`,
      [id, at],
    );
    return updatedRows(result) > 0;
  }

  /** Up to `limit` texts in key order (topic, age band, language), after `after` when given. */
  public async findExplanations(
    manager: EntityManager,
    filter: { topic?: string; ageBand?: string; language?: string },
    page: { limit: number; after?: { topic: string; ageBand: string; language: string } },
  ): Promise<ExplanationTextEntity[]> {
    const query = manager
      .createQueryBuilder(ExplanationTextEntity, 'explanation')
      .orderBy('explanation.topic', 'ASC')
      .addOrderBy('explanation.ageBand', 'ASC')
      .addOrderBy('explanation.language', 'ASC')
      .limit(page.limit);
    if (filter.topic) query.andWhere('explanation.topic = :topic', { topic: filter.topic });
    if (filter.ageBand) query.andWhere('explanation.ageBand = :ageBand', { ageBand: filter.ageBand });
    if (filter.language) query.andWhere('explanation.language = :language', { language: filter.language });
    if (page.after) {
      query.andWhere('(explanation.topic, explanation.ageBand, explanation.language) > (:afterTopic, :afterAgeBand, :afterLanguage)', {
        afterTopic: page.after.topic,
        afterAgeBand: page.after.ageBand,
        afterLanguage: page.after.language,
      });
    }
    return query.getMany();
  }

  public async upsertExplanation(manager: EntityManager, text: ExplanationTextEntity): Promise<void> {
    await manager.upsert(ExplanationTextEntity, text, ['topic', 'ageBand', 'language']);
  }
}
