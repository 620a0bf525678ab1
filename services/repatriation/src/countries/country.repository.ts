import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ReceivingCountryRow {
  country: string;
  timeZone: string;
  weekdays: number[];
  opensAt: string;
  closesAt: string;
  noticeHours: number;
  exitPoints: Array<{ code: string; name: string }>;
  authorities: Array<{ code: string; institution: string }>;
}

export interface RepatriationPointRow {
  code: string;
  name: string;
  officeCode: string;
  timeZone: string;
  weekdays: number[];
  opensAt: string;
  closesAt: string;
}

/** The reference tables: receiving countries (RP-07, RP-08) and repatriation points (US-03). */
@Injectable()
export class CountryRepository {
  /** One country's arrangement, or every country's. */
  public async countries(manager: EntityManager, country?: string): Promise<ReceivingCountryRow[]> {
    return this.selectCountries(manager, { country });
  }

  /** Up to `limit` arrangements in the order of their country codes, after `after`. */
  public async countryPage(manager: EntityManager, after: string | undefined, limit: number): Promise<ReceivingCountryRow[]> {
    return this.selectCountries(manager, { after, limit });
  }

  private async selectCountries(manager: EntityManager, where: { country?: string; after?: string; limit?: number }): Promise<ReceivingCountryRow[]> {
    // "C" collation: the order and the cursor's comparison are byte order, whatever the database's locale.
    return manager.query(
      `SELECT c.country, c.time_zone AS "timeZone", c.weekdays::int[] AS weekdays, c.opens_at AS "opensAt", c.closes_at AS "closesAt",
              c.notice_hours AS "noticeHours",
              COALESCE((SELECT json_agg(json_build_object('code', p.code, 'name', p.name) ORDER BY p.code) FROM exit_point p WHERE p.country = c.country), '[]') AS "exitPoints",
              COALESCE((SELECT json_agg(json_build_object('code', a.code, 'institution', a.institution) ORDER BY a.code) FROM receiving_authority a WHERE a.country = c.country), '[]') AS authorities
         FROM receiving_country c
        WHERE ($1::text IS NULL OR c.country = $1) AND ($2::text IS NULL OR c.country COLLATE "C" > $2::text COLLATE "C")
        ORDER BY c.country COLLATE "C" LIMIT $3`,
      [where.country ?? null, where.after ?? null, where.limit ?? null],
    );
  }

  /** Registers or replaces a country's arrangement; true if the country was new (xmax is 0 only on a row the statement inserted). */
  public async replaceCountry(manager: EntityManager, row: ReceivingCountryRow, updatedBy: string): Promise<boolean> {
    const written: Array<{ inserted: boolean }> = await manager.query(
      `INSERT INTO receiving_country (country, time_zone, weekdays, opens_at, closes_at, notice_hours, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (country) DO UPDATE SET time_zone = EXCLUDED.time_zone, weekdays = EXCLUDED.weekdays, opens_at = EXCLUDED.opens_at,
         closes_at = EXCLUDED.closes_at, notice_hours = EXCLUDED.notice_hours, updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()
       RETURNING (xmax = 0) AS inserted`,
      [row.country, row.timeZone, row.weekdays, row.opensAt, row.closesAt, row.noticeHours, updatedBy],
    );
    await manager.query(`DELETE FROM exit_point WHERE country = $1`, [row.country]);
    for (const point of row.exitPoints) {
      await manager.query(`INSERT INTO exit_point (country, code, name) VALUES ($1, $2, $3)`, [row.country, point.code, point.name]);
    }
    await manager.query(`DELETE FROM receiving_authority WHERE country = $1`, [row.country]);
    for (const authority of row.authorities) {
      await manager.query(`INSERT INTO receiving_authority (code, country, institution) VALUES ($1, $2, $3)`, [authority.code, row.country, authority.institution]);
    }
    return written[0]?.inserted === true;
  }

  /** The country an authority code belongs to, if another country already registered it. */
  public async authorityCountry(manager: EntityManager, code: string): Promise<string | null> {
    const rows = await manager.query(`SELECT country FROM receiving_authority WHERE code = $1`, [code]);
    return rows[0]?.country ?? null;
  }

  /** One point, or every point. */
  public async points(manager: EntityManager, code?: string): Promise<RepatriationPointRow[]> {
    return this.selectPoints(manager, { code });
  }

  /** Up to `limit` points in the order of their codes, after `after`. */
  public async pointPage(manager: EntityManager, after: string | undefined, limit: number): Promise<RepatriationPointRow[]> {
    return this.selectPoints(manager, { after, limit });
  }

  private async selectPoints(manager: EntityManager, where: { code?: string; after?: string; limit?: number }): Promise<RepatriationPointRow[]> {
    return manager.query(
      `SELECT code, name, office_code AS "officeCode", time_zone AS "timeZone", unaccompanied_weekdays::int[] AS weekdays,
              unaccompanied_opens_at AS "opensAt", unaccompanied_closes_at AS "closesAt"
         FROM repatriation_point
        WHERE ($1::text IS NULL OR code = $1) AND ($2::text IS NULL OR code COLLATE "C" > $2::text COLLATE "C")
        ORDER BY code COLLATE "C" LIMIT $3`,
      [where.code ?? null, where.after ?? null, where.limit ?? null],
    );
  }

  /** The office a point belongs to now, locked until the transaction ends; null if it is new. */
  public async pointOfficeForUpdate(manager: EntityManager, code: string): Promise<string | null> {
    const rows: Array<{ office_code: string }> = await manager.query(`SELECT office_code FROM repatriation_point WHERE code = $1 FOR UPDATE`, [code]);
    return rows[0]?.office_code ?? null;
  }

  /**
   * Registers or changes a point. With `withinOffices`, an existing point is changed only if it
   * belongs to one of them: a point another office registered between the check and this insert
   * is then left alone (null), never taken over. Says whether the point was registered or changed.
   */
  public async upsertPoint(
    manager: EntityManager,
    row: RepatriationPointRow,
    updatedBy: string,
    withinOffices?: readonly string[],
  ): Promise<'registered' | 'changed' | null> {
    const written: Array<{ inserted: boolean }> = await manager.query(
      `INSERT INTO repatriation_point (code, name, office_code, time_zone, unaccompanied_weekdays, unaccompanied_opens_at, unaccompanied_closes_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, office_code = EXCLUDED.office_code, time_zone = EXCLUDED.time_zone,
         unaccompanied_weekdays = EXCLUDED.unaccompanied_weekdays, unaccompanied_opens_at = EXCLUDED.unaccompanied_opens_at,
         unaccompanied_closes_at = EXCLUDED.unaccompanied_closes_at, updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()
         WHERE $9::text[] IS NULL OR repatriation_point.office_code = ANY($9::text[])
       RETURNING (xmax = 0) AS inserted`,
      [row.code, row.name, row.officeCode, row.timeZone, row.weekdays, row.opensAt, row.closesAt, updatedBy, withinOffices ?? null],
    );
    if (written.length === 0) return null;
    return written[0].inserted ? 'registered' : 'changed';
  }
}
