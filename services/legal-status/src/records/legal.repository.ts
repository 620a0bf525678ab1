import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, Not } from 'typeorm';

import { CaseCopyRepository } from '@opis/case-copy';
import { OfficeCode } from '@opis/contracts-envelope';
import { entityInsert, queryPrepared } from '@opis/platform';

import {
  BestInterestsRecordEntity,
  CalendarHolidayEntity,
  ClockSuspensionEntity,
  DueProcessItemEntity,
  ExplanationTextEntity,
  FearLiftEntity,
  InformationSessionEntity,
  InformDutyEntity,
  LegalAlertEntity,
  LegalRecordEntity,
  ProtectionConcernEntity,
  VrhGroundEntity,
} from './legal-record.entity';

export interface FearStatementRow {
  source: 'CONCERN' | 'SESSION';
  statedAt: Date;
  receivedAt: Date;
}

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

/** The only code that touches legal-status's tables. Every method runs in the caller's manager. */
@Injectable()
export class LegalRepository {
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

  public async findConcerns(manager: EntityManager, caseId: string): Promise<ProtectionConcernEntity[]> {
    return manager.find(ProtectionConcernEntity, { where: { caseId }, order: { reportedAt: 'ASC', eventId: 'ASC' } });
  }

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

  public async updateRecord(manager: EntityManager, caseId: string, changes: Partial<LegalRecordEntity>): Promise<void> {
    await manager.update(LegalRecordEntity, { caseId }, { ...changes, updatedAt: new Date() });
  }

  public async upsertChecklistItem(manager: EntityManager, item: DueProcessItemEntity): Promise<void> {
    await manager.upsert(DueProcessItemEntity, item, ['caseId', 'item']);
  }

  public async findChecklist(manager: EntityManager, caseId: string): Promise<DueProcessItemEntity[]> {
    return manager.find(DueProcessItemEntity, { where: { caseId }, order: { item: 'ASC' } });
  }

  public async insertBestInterests(manager: EntityManager, record: BestInterestsRecordEntity): Promise<void> {
    await manager.insert(BestInterestsRecordEntity, record);
  }

  public async findBestInterests(manager: EntityManager, caseId: string): Promise<BestInterestsRecordEntity[]> {
    return manager.find(BestInterestsRecordEntity, { where: { caseId }, order: { decidedAt: 'ASC', id: 'ASC' } });
  }

  public async findLatestPlan(manager: EntityManager, caseId: string): Promise<BestInterestsRecordEntity | null> {
    return manager.findOne(BestInterestsRecordEntity, { where: { caseId, recordType: 'PLAN' }, order: { decidedAt: 'DESC', id: 'DESC' } });
  }

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
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT d.id, d.case_id, r.office_code, d.topic, d.opened_at, d.due_at
         FROM inform_duty d JOIN legal_record r ON r.case_id = d.case_id
        WHERE d.discharged_at IS NULL AND d.overdue_raised_at IS NULL AND d.due_at <= $1
          AND r.office_code = ANY($2::text[])
        ORDER BY d.due_at
        LIMIT $3
        FOR UPDATE OF d SKIP LOCKED`,
      [now, offices, limit],
    );
    return rows.map((row) => ({
      id: row.id as string,
      caseId: row.case_id as string,
      officeCode: row.office_code as OfficeCode,
      topic: row.topic as string,
      openedAt: row.opened_at as Date,
      dueAt: row.due_at as Date,
    }));
  }

  public async markDutyOverdue(manager: EntityManager, id: string, at: Date): Promise<boolean> {
    const result: unknown = await manager.query(
      `UPDATE inform_duty SET overdue_raised_at = $2 WHERE id = $1 AND overdue_raised_at IS NULL RETURNING id`,
      [id, at],
    );
    return updatedRows(result) > 0;
  }

  /** Records with a deadline that may alert: a pending claim, COMAR's notice not received, a residence task not done. */
  public async findDeadlineCandidates(manager: EntityManager, offices: readonly OfficeCode[]): Promise<LegalRecordEntity[]> {
    const office = In([...offices]);
    return manager.find(LegalRecordEntity, {
      where: [
        { officeCode: office, protectionStatus: 'CLAIM_PENDING' },
        { officeCode: office, comarNoticeDueAt: Not(IsNull()), comarNoticeReceivedAt: IsNull() },
        { officeCode: office, residenceTaskOpenedAt: Not(IsNull()), residenceTaskCompletedAt: IsNull() },
      ],
      order: { caseId: 'ASC' },
    });
  }

  public async findAlerts(manager: EntityManager, caseIds: readonly string[]): Promise<LegalAlertEntity[]> {
    if (caseIds.length === 0) return [];
    return manager.find(LegalAlertEntity, { where: { caseId: In([...caseIds]) } });
  }

  /** Records whose child turned 18 by `today` and that are not flagged for review yet (DOMAIN.md 3.4). */
  public async findAgeReviewsDue(manager: EntityManager, offices: readonly OfficeCode[], today: string): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await manager.query(
      `SELECT case_id FROM legal_record
        WHERE age_review_flagged_at IS NULL AND turns_eighteen_on <= $2::date AND office_code = ANY($1::text[])
        ORDER BY case_id`,
      [offices, today],
    );
    return rows.map((row) => row.case_id);
  }

  /** Locks the record unless another transaction holds it (that change is looked at again next time). */
  public async lockRecordIfFree(manager: EntityManager, caseId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT case_id FROM legal_record WHERE case_id = $1 FOR UPDATE SKIP LOCKED`, [caseId]);
    return rows.length > 0;
  }

  /** True when this call raised the alert; false when it was raised before (by this or another instance). */
  public async insertAlert(manager: EntityManager, alert: LegalAlertEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO legal_alert (case_id, deadline, alert_key, level, raised_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id, deadline, alert_key) DO NOTHING RETURNING case_id`,
      [alert.caseId, alert.deadline, alert.alertKey, alert.level, alert.raisedAt],
    );
    return rows.length > 0;
  }

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

  public async findHolidays(manager: EntityManager): Promise<CalendarHolidayEntity[]> {
    return manager.find(CalendarHolidayEntity, { order: { day: 'ASC' } });
  }

  public async upsertHoliday(manager: EntityManager, holiday: CalendarHolidayEntity): Promise<void> {
    await manager.upsert(CalendarHolidayEntity, holiday, ['day']);
  }

  public async deleteHoliday(manager: EntityManager, day: string): Promise<boolean> {
    const result = await manager.delete(CalendarHolidayEntity, { day });
    return (result.affected ?? 0) > 0;
  }

  public async findSuspensions(manager: EntityManager): Promise<ClockSuspensionEntity[]> {
    return manager.find(ClockSuspensionEntity, { order: { startsOn: 'ASC' } });
  }

  public async insertSuspension(manager: EntityManager, suspension: ClockSuspensionEntity): Promise<void> {
    await manager.insert(ClockSuspensionEntity, suspension);
  }
}
