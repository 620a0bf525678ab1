import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseCopyRepository } from '@opis/case-copy';
import { entityInsert, queryPrepared } from '@opis/platform';

import { InformDutyEntity, LegalRecordEntity } from './legal-record.entity';

function openRecordWithDutySql(recordColumns: readonly string[]): string {
  const next = recordColumns.length;
  return `WITH new_record AS (
     INSERT INTO legal_record (${recordColumns.join(', ')})
     VALUES (${recordColumns.map((_column, index) => `$${index + 1}`).join(', ')})
     ON CONFLICT (case_id) DO NOTHING
     RETURNING case_id, nationality, opened_at),
   -- LM-03, LM-17: every foreign child holds a humanitarian stay as a child (NNA) from registration.
   nna_ground AS (
     INSERT INTO vrh_ground (case_id, vrh_type, since, source)
     SELECT new_record.case_id, 'NNA', new_record.opened_at, 'REGISTRATION' FROM new_record WHERE new_record.nationality <> 'MX'),
   first_duty AS (
     INSERT INTO inform_duty (id, case_id, topic, cause, opened_at, due_at)
     SELECT $${next + 1}, new_record.case_id, $${next + 2}, $${next + 3}, $${next + 4}, $${next + 5} FROM new_record)
   SELECT case_id,
          EXISTS (SELECT 1 FROM protection_concern c WHERE c.case_id = new_record.case_id AND c.applied_at IS NULL) AS concerns_waiting
     FROM new_record`;
}

/** The legal record itself: the copy of intake's case, its opening, its row and its per-case lock. Every method runs in the caller's manager. */
@Injectable()
export class LegalRecordRepository {
  /** The copy's columns every service's copy of intake's cases shares (@opis/case-copy). */
  public readonly copies = new CaseCopyRepository('legal_record');

  /** Built once: the statement every registration runs (see openRecordWithDuty). */
  private openRecordSql: string | undefined;

  public async findRecord(manager: EntityManager, caseId: string, options: { lock?: boolean } = {}): Promise<LegalRecordEntity | null> {
    return manager.findOne(LegalRecordEntity, { where: { caseId }, lock: options.lock ? { mode: 'pessimistic_write' } : undefined });
  }

  /**
   * The record and its first duty to inform in one statement; `opened` false when the case has a
   * record already (a second registration event changes nothing). Every registration comes through
   * here, so the statement is prepared, and its columns and values come from the entity's metadata.
   * `concernsWaiting`: another service reported a concern about the case before its record opened.
   */
  public async openRecordWithDuty(
    manager: EntityManager,
    record: LegalRecordEntity,
    duty: InformDutyEntity,
  ): Promise<{ opened: boolean; concernsWaiting: boolean }> {
    const insert = entityInsert(manager, LegalRecordEntity);
    this.openRecordSql ??= openRecordWithDutySql(insert.columns);
    // Taken before the statement, so that its snapshot sees a concern committed while we waited.
    await this.lockCaseKey(manager, record.caseId);
    const rows = (await queryPrepared(manager, this.openRecordSql, [
      ...insert.values(record),
      duty.id,
      duty.topic,
      duty.cause,
      duty.openedAt,
      duty.dueAt,
    ])) as Array<{ concerns_waiting: boolean }>;
    return { opened: rows.length > 0, concernsWaiting: rows[0]?.concerns_waiting === true };
  }

  /**
   * Serialises, per case, opening a record with storing a concern for a case without one: each
   * takes this lock first, so a concern is either seen by the registration or finds the record.
   */
  public async lockCaseKey(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))`, [`legal_record:${caseId}`]);
  }

  public async updateRecord(manager: EntityManager, caseId: string, changes: Partial<LegalRecordEntity>): Promise<void> {
    await manager.update(LegalRecordEntity, { caseId }, { ...changes, updatedAt: new Date() });
  }
}
