import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';

export const MIGRATION_POINT_KINDS = ['LAND', 'AIR', 'SEA', 'OTHER'] as const;
export type MigrationPointKind = (typeof MIGRATION_POINT_KINDS)[number];

/** A migration point of intake's reference list: where a child can be met, and its office. */
export interface MigrationPointRow {
  code: string;
  officeCode: OfficeCode;
  name: string;
  kind: MigrationPointKind;
  /** A point no longer in use is kept for the cases that name it, and refused for new ones. */
  active: boolean;
}

@Injectable()
export class MigrationPointRepository {
  /** Up to `limit` points in the order of their codes, after `after`, of one office or all. */
  public async page(
    manager: EntityManager,
    where: { officeCode?: OfficeCode; after?: string; limit?: number; code?: string },
  ): Promise<MigrationPointRow[]> {
    return manager.query(
      `SELECT code, office_code AS "officeCode", name, kind, active
         FROM migration_point
        WHERE ($1::text IS NULL OR code = $1) AND ($2::text IS NULL OR office_code = $2)
          AND ($3::text IS NULL OR code COLLATE "C" > $3::text COLLATE "C")
        ORDER BY code COLLATE "C" LIMIT $4`,
      [where.code ?? null, where.officeCode ?? null, where.after ?? null, where.limit ?? null],
    );
  }

  /** The office a point belongs to now, locked until the transaction ends; null if it is new. */
  public async officeForUpdate(manager: EntityManager, code: string): Promise<OfficeCode | null> {
    const rows: Array<{ office_code: OfficeCode }> = await manager.query(`SELECT office_code FROM migration_point WHERE code = $1 FOR UPDATE`, [code]);
    return rows[0]?.office_code ?? null;
  }

  /**
   * Registers or changes a point. With `withinOffices`, an existing point is changed only if it
   * belongs to one of them: one another office registered meanwhile is left alone (null).
   */
  public async upsert(
    manager: EntityManager,
    row: MigrationPointRow,
    updatedBy: string,
    withinOffices?: readonly string[],
  ): Promise<'registered' | 'changed' | null> {
    const written: Array<{ inserted: boolean }> = await manager.query(
      `INSERT INTO migration_point (code, office_code, name, kind, active, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, active = EXCLUDED.active,
         updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()
         WHERE $7::text[] IS NULL OR migration_point.office_code = ANY($7::text[])
       RETURNING (xmax = 0) AS inserted`,
      [row.code, row.officeCode, row.name, row.kind, row.active, updatedBy, withinOffices ?? null],
    );
    if (written.length === 0) return null;
    return written[0].inserted ? 'registered' : 'changed';
  }

  /** Every point, for the directory registrations check against. */
  public async all(manager: EntityManager): Promise<MigrationPointRow[]> {
    return this.page(manager, {});
  }
}
