import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { DeadlineClock, DeadlineLevel } from '@opis/contracts-intake';
import { dueRowsSql } from '@opis/platform';

import { CaseDeadlineAlertEntity } from '../cases/case-records.entity';

export interface DueMpNotice {
  caseId: string;
  officeCode: OfficeCode;
  detectedAt: Date;
  openedAt: Date;
  dueAt: Date;
}

export interface DueDeadline {
  caseId: string;
  officeCode: OfficeCode;
  clock: DeadlineClock;
  level: DeadlineLevel;
  detectedAt: Date;
  thresholdAt: Date;
}

/** Open MP notice tasks past their due time, no alert raised yet. */
const DUE_MP_NOTICES_SQL = dueRowsSql({
  // Named as the row type's fields, so the rows are returned as they come.
  select: `t.case_id AS "caseId", c.office_code AS "officeCode", c.detected_at AS "detectedAt", t.opened_at AS "openedAt", t.due_at AS "dueAt"`,
  from: 'mp_notice_task t JOIN intake_case c ON c.id = t.case_id',
  pending: 't.notified_at IS NULL AND t.cancelled_at IS NULL AND t.overdue_raised_at IS NULL',
  dueAt: 't.due_at',
  office: 'c.office_code',
  claimed: 't',
});

/** The scanners' queries: clocks and MP notices past due, claimed with SKIP LOCKED, and the alerts raised. */
@Injectable()
export class DeadlineRepository {
  /**
   * Clocks past a threshold with no record and no alert raised yet (INV-03). `FOR UPDATE SKIP
   * LOCKED` lets several instances scan at once without raising an alert twice.
   */
  public async findDueDeadlines(
    manager: EntityManager,
    now: Date,
    thresholdsHours: Record<DeadlineLevel, number>,
    offices: readonly OfficeCode[],
    limit: number,
  ): Promise<DueDeadline[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `WITH levels(level, hours) AS (VALUES ('ESCALATION', $2::float8), ('BREACH', $3::float8)),
            clocks(clock) AS (VALUES ('PROCURADURIA_NOTIFICATION'), ('DIF_CHANNELLING'))
       SELECT c.id, c.office_code, clocks.clock, levels.level, c.detected_at,
              c.detected_at + make_interval(secs => levels.hours * 3600) AS threshold_at
         FROM intake_case c
         CROSS JOIN clocks
         CROSS JOIN levels
        WHERE (c.procuraduria_notified_at IS NULL OR c.dif_channelled_at IS NULL)
          AND c.status = 'OPEN'
          AND c.office_code = ANY($4::text[])
          AND c.detected_at + make_interval(secs => levels.hours * 3600) <= $1
          AND CASE clocks.clock
                WHEN 'PROCURADURIA_NOTIFICATION' THEN c.procuraduria_notified_at IS NULL
                ELSE c.dif_channelled_at IS NULL
              END
          AND NOT EXISTS (
            SELECT 1 FROM case_deadline_alert a
             WHERE a.case_id = c.id AND a.clock = clocks.clock AND a.level = levels.level)
        ORDER BY c.detected_at
        LIMIT $5
        FOR UPDATE OF c SKIP LOCKED`,
      [now, thresholdsHours.ESCALATION, thresholdsHours.BREACH, offices, limit],
    );
    return rows.map((row) => ({
      caseId: row.id as string,
      officeCode: row.office_code as OfficeCode,
      clock: row.clock as DeadlineClock,
      level: row.level as DeadlineLevel,
      detectedAt: row.detected_at as Date,
      thresholdAt: row.threshold_at as Date,
    }));
  }

  /** Open cases past each INV-03 level with the clock unmet, per clock and level (every pair, zero included). */
  public async countOverdueDeadlines(
    manager: EntityManager,
    now: Date,
    thresholdsHours: Record<DeadlineLevel, number>,
    offices: readonly OfficeCode[],
  ): Promise<Array<{ clock: DeadlineClock; level: DeadlineLevel; cases: number }>> {
    const rows: Array<{ clock: DeadlineClock; level: DeadlineLevel; cases: number }> = await manager.query(
      `WITH levels(level, hours) AS (VALUES ('ESCALATION', $2::float8), ('BREACH', $3::float8)),
            clocks(clock) AS (VALUES ('PROCURADURIA_NOTIFICATION'), ('DIF_CHANNELLING'))
       SELECT clocks.clock, levels.level,
              count(c.id) FILTER (
                WHERE c.detected_at + make_interval(secs => levels.hours * 3600) <= $1
                  AND CASE clocks.clock WHEN 'PROCURADURIA_NOTIFICATION' THEN c.procuraduria_notified_at IS NULL ELSE c.dif_channelled_at IS NULL END
              )::int AS cases
         FROM clocks CROSS JOIN levels
         LEFT JOIN intake_case c
           ON c.status = 'OPEN' AND c.office_code = ANY($4::text[]) AND (c.procuraduria_notified_at IS NULL OR c.dif_channelled_at IS NULL)
        GROUP BY clocks.clock, levels.level
        ORDER BY clocks.clock, levels.level`,
      [now, thresholdsHours.ESCALATION, thresholdsHours.BREACH, offices],
    );
    return rows;
  }

  public async insertDeadlineAlert(manager: EntityManager, alert: CaseDeadlineAlertEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO case_deadline_alert (case_id, clock, level, raised_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING
       RETURNING case_id`,
      [alert.caseId, alert.clock, alert.level, alert.raisedAt],
    );
    return rows.length > 0;
  }

  /** Open MP notice tasks past their due time with no alert raised yet; SKIP LOCKED as for INV-03. */
  public async findDueMpNotices(manager: EntityManager, now: Date, offices: readonly OfficeCode[], limit: number): Promise<DueMpNotice[]> {
    return manager.query(DUE_MP_NOTICES_SQL, [now, offices, limit]);
  }

  public async markMpNoticeOverdue(manager: EntityManager, caseId: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE mp_notice_task SET overdue_raised_at = $2 WHERE case_id = $1 AND overdue_raised_at IS NULL RETURNING case_id`,
      [caseId, at],
    );
    return rows.length > 0;
  }
}
