import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CalendarHolidayEntity, ClockSuspensionEntity } from '../records/legal-record.entity';

/** A suspension of terms as stored, with its withdrawal if it was withdrawn. */
export interface SuspensionRow {
  id: string;
  from: string;
  to: string;
  legalBasis: string;
  withdrawal: { reason: string; withdrawnBy: string; withdrawnAt: Date } | null;
}

interface Row {
  id: string;
  starts_on: string;
  ends_on: string;
  legal_basis: string;
  reason: string | null;
  withdrawn_by: string | null;
  withdrawn_at: Date | null;
}

const SELECT = `SELECT s.id, to_char(s.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(s.ends_on, 'YYYY-MM-DD') AS ends_on, s.legal_basis,
                       w.reason, w.withdrawn_by, w.withdrawn_at
                  FROM clock_suspension s LEFT JOIN clock_suspension_withdrawal w ON w.suspension_id = s.id`;

function toSuspension(row: Row): SuspensionRow {
  return {
    id: row.id,
    from: row.starts_on,
    to: row.ends_on,
    legalBasis: row.legal_basis,
    withdrawal: row.withdrawn_at ? { reason: row.reason ?? '', withdrawnBy: row.withdrawn_by ?? '', withdrawnAt: row.withdrawn_at } : null,
  };
}

/** The legal calendar: holidays and the suspensions of terms, with their withdrawals. */
@Injectable()
export class CalendarRepository {
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

  public async insertSuspension(manager: EntityManager, suspension: ClockSuspensionEntity): Promise<void> {
    await manager.insert(ClockSuspensionEntity, suspension);
  }

  /**
   * Every suspension, withdrawn or not, oldest period first. The calendar counts only those not
   * withdrawn; the withdrawn ones stay listed, so that a deadline that moved back can be explained.
   */
  public async findSuspensions(manager: EntityManager): Promise<SuspensionRow[]> {
    const rows: Row[] = await manager.query(`${SELECT} ORDER BY s.starts_on, s.id`);
    return rows.map(toSuspension);
  }

  /** One suspension as it stands, withdrawn or not. */
  public async findSuspension(manager: EntityManager, id: string): Promise<SuspensionRow | null> {
    const rows: Row[] = await manager.query(`${SELECT} WHERE s.id = $1`, [id]);
    return rows[0] ? toSuspension(rows[0]) : null;
  }

  /** One suspension, locked until the transaction ends so that two withdrawals do not race. */
  public async findSuspensionForUpdate(manager: EntityManager, id: string): Promise<SuspensionRow | null> {
    const rows: Row[] = await manager.query(`${SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
    return rows[0] ? toSuspension(rows[0]) : null;
  }

  public async insertWithdrawal(
    manager: EntityManager,
    withdrawal: { suspensionId: string; reason: string; withdrawnBy: string; withdrawnAt: Date; requestId: string | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO clock_suspension_withdrawal (suspension_id, reason, withdrawn_by, withdrawn_at, request_id) VALUES ($1, $2, $3, $4, $5)`,
      [withdrawal.suspensionId, withdrawal.reason, withdrawal.withdrawnBy, withdrawal.withdrawnAt, withdrawal.requestId],
    );
  }
}
