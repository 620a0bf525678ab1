import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export const SHIFT_ROLES = ['OFFICER', 'SUPERVISOR', 'NATIONAL_DUTY'] as const;
export type ShiftRole = (typeof SHIFT_ROLES)[number];

export interface ShiftRow {
  id: string;
  officeCode: string | null;
  subject: string;
  role: ShiftRole;
  startsAt: Date;
  endsAt: Date;
  email: string | null;
  phone: string | null;
  cancelledAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

/** Someone on duty, with where to reach them. */
export interface OnDuty {
  subject: string;
  email: string | null;
  phone: string | null;
}

interface ShiftRecord {
  id: string;
  office_code: string | null;
  subject: string;
  role: ShiftRole;
  starts_at: Date;
  ends_at: Date;
  email: string | null;
  phone: string | null;
  cancelled_at: Date | null;
  created_by: string;
  created_at: Date;
}

const COLUMNS = 'id, office_code, subject, role, starts_at, ends_at, email, phone, cancelled_at, created_by, created_at';

function toRow(record: ShiftRecord): ShiftRow {
  return {
    id: record.id,
    officeCode: record.office_code?.trim() ?? null,
    subject: record.subject,
    role: record.role,
    startsAt: record.starts_at,
    endsAt: record.ends_at,
    email: record.email,
    phone: record.phone,
    cancelledAt: record.cancelled_at,
    createdBy: record.created_by,
    createdAt: record.created_at,
  };
}

/** The roster: who is on duty when, per office, and the national duty officer. */
@Injectable()
export class ShiftRepository {
  public async insert(manager: EntityManager, shift: Omit<ShiftRow, 'cancelledAt' | 'createdAt'>): Promise<ShiftRow> {
    const [record]: ShiftRecord[] = await manager.query(
      `INSERT INTO shift (id, office_code, subject, role, starts_at, ends_at, email, phone, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [shift.id, shift.officeCode, shift.subject, shift.role, shift.startsAt, shift.endsAt, shift.email, shift.phone, shift.createdBy],
    );
    return toRow(record);
  }

  public async find(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<ShiftRow | null> {
    const records: ShiftRecord[] = await manager.query(`SELECT ${COLUMNS} FROM shift WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
    return records[0] ? toRow(records[0]) : null;
  }

  public async update(manager: EntityManager, id: string, changes: Pick<ShiftRow, 'subject' | 'role' | 'startsAt' | 'endsAt' | 'email' | 'phone'>): Promise<ShiftRow> {
    const [record]: ShiftRecord[] = await manager.query(
      // In a CTE: an UPDATE's RETURNING comes back from TypeORM as [rows, count], a SELECT as rows.
      `WITH updated AS (
         UPDATE shift SET subject = $2, role = $3, starts_at = $4, ends_at = $5, email = $6, phone = $7, updated_at = clock_timestamp()
          WHERE id = $1 RETURNING ${COLUMNS})
       SELECT * FROM updated`,
      [id, changes.subject, changes.role, changes.startsAt, changes.endsAt, changes.email, changes.phone],
    );
    return toRow(record);
  }

  public async cancel(manager: EntityManager, id: string, at: Date): Promise<ShiftRow> {
    const [record]: ShiftRecord[] = await manager.query(
      `WITH cancelled AS (UPDATE shift SET cancelled_at = coalesce(cancelled_at, $2), updated_at = clock_timestamp() WHERE id = $1 RETURNING ${COLUMNS})
       SELECT * FROM cancelled`,
      [id, at],
    );
    return toRow(record);
  }

  /**
   * Shifts of these offices (and national duty ones when `national`), that end after `from`, in
   * start order; `after` continues a page.
   */
  public async list(
    manager: EntityManager,
    filter: { offices: string[]; national: boolean; from?: Date; to?: Date },
    limit: number,
    after?: { at: Date; id: string },
  ): Promise<ShiftRow[]> {
    const records: ShiftRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM shift
        WHERE cancelled_at IS NULL
          AND (office_code = ANY ($1::text[]) OR ($2 AND office_code IS NULL))
          AND ($3::timestamptz IS NULL OR ends_at > $3)
          AND ($4::timestamptz IS NULL OR starts_at < $4)
          AND ($5::timestamptz IS NULL OR (starts_at, id) > ($5, $6::uuid))
        ORDER BY starts_at, id
        LIMIT $7`,
      [filter.offices, filter.national, filter.from ?? null, filter.to ?? null, after?.at ?? null, after?.id ?? null, limit],
    );
    return records.map(toRow);
  }

  /** Who holds a shift of this role at `at`: an office's (or, with null, the national duty). */
  public async onDuty(manager: EntityManager, officeCode: string | null, role: ShiftRole, at: Date): Promise<OnDuty[]> {
    const rows: OnDuty[] = await manager.query(
      `SELECT DISTINCT ON (subject) subject, email, phone FROM shift
        WHERE cancelled_at IS NULL AND role = $2 AND starts_at <= $3 AND ends_at > $3
          AND (office_code = $1 OR ($1::text IS NULL AND office_code IS NULL))
        ORDER BY subject, starts_at DESC`,
      [officeCode, role, at],
    );
    return rows;
  }

  /**
   * Who held the role's latest shift that ended by `at`: when nobody is on duty, an alert that
   * must reach a supervisor or the national duty officer goes to the last ones rather than to nobody.
   */
  public async lastOnDuty(manager: EntityManager, officeCode: string | null, role: ShiftRole, at: Date): Promise<OnDuty[]> {
    const rows: OnDuty[] = await manager.query(
      `WITH latest AS (
         SELECT max(ends_at) AS ends_at FROM shift
          WHERE cancelled_at IS NULL AND role = $2 AND ends_at <= $3 AND (office_code = $1 OR ($1::text IS NULL AND office_code IS NULL)))
       SELECT DISTINCT ON (s.subject) s.subject, s.email, s.phone FROM shift s, latest
        WHERE s.cancelled_at IS NULL AND s.role = $2 AND s.ends_at = latest.ends_at
          AND (s.office_code = $1 OR ($1::text IS NULL AND s.office_code IS NULL))
        ORDER BY s.subject`,
      [officeCode, role, at],
    );
    return rows;
  }

  /** Where to reach someone: their shift at `at`, else their latest one. */
  public async contactOf(manager: EntityManager, subject: string, at: Date): Promise<OnDuty & { onDuty: boolean }> {
    const rows: Array<OnDuty & { on_duty: boolean }> = await manager.query(
      `SELECT subject, email, phone, (starts_at <= $2 AND ends_at > $2) AS on_duty FROM shift
        WHERE cancelled_at IS NULL AND subject = $1 AND starts_at <= $2
        ORDER BY (starts_at <= $2 AND ends_at > $2) DESC, starts_at DESC LIMIT 1`,
      [subject, at],
    );
    const row = rows[0];
    return row ? { subject, email: row.email, phone: row.phone, onDuty: row.on_duty } : { subject, email: null, phone: null, onDuty: false };
  }
}
