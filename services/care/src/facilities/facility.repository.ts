import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';

import { FacilityEntity } from './facility.entity';

export interface FacilityWithOccupancy {
  facility: FacilityEntity;
  occupancy: number;
}

/** The only code that touches the facility registry. */
@Injectable()
export class FacilityRepository {
  /** False when the office already has a facility of that name. */
  public async insert(manager: EntityManager, facility: FacilityEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO facility (id, office_code, name, type, capacity, settings, accreditation, registered_by, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (office_code, name) DO NOTHING
       RETURNING id`,
      [
        facility.id,
        facility.officeCode,
        facility.name,
        facility.type,
        facility.capacity,
        facility.settings,
        facility.accreditation,
        facility.registeredBy,
        facility.registeredAt,
      ],
    );
    return rows.length > 0;
  }

  /** Locks the facility so that two placements cannot both take its last place. */
  public async findForPlacement(manager: EntityManager, facilityId: string): Promise<FacilityEntity | null> {
    return manager.findOne(FacilityEntity, { where: { id: facilityId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Children placed there now, not counting `exceptCaseId` (a child moving within it). */
  public async occupancy(manager: EntityManager, facilityId: string, exceptCaseId: string): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM placement WHERE facility_id = $1 AND ended_at IS NULL AND case_id <> $2`,
      [facilityId, exceptCaseId],
    )) as Array<{ n: number }>;
    return row.n;
  }

  public async findById(manager: EntityManager, facilityId: string): Promise<FacilityEntity | null> {
    return manager.findOne(FacilityEntity, { where: { id: facilityId } });
  }

  /** In registration order; `after` continues past a facility. */
  public async list(
    manager: EntityManager,
    offices: readonly OfficeCode[],
    limit: number,
    after?: { registeredAt: Date; id: string },
  ): Promise<FacilityWithOccupancy[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT f.*, (SELECT count(*)::int FROM placement p WHERE p.facility_id = f.id AND p.ended_at IS NULL) AS occupancy
         FROM facility f
        WHERE f.office_code = ANY ($1::text[])
          AND ($3::timestamptz IS NULL OR (f.registered_at, f.id) > ($3::timestamptz, $4::uuid))
        ORDER BY f.registered_at, f.id
        LIMIT $2`,
      [offices, limit, after?.registeredAt ?? null, after?.id ?? null],
    );
    return rows.map(withOccupancy);
  }

  /** One facility of the offices, with its occupancy; null for another office's as for an unknown id. */
  public async findInOffices(manager: EntityManager, facilityId: string, offices: readonly OfficeCode[]): Promise<FacilityWithOccupancy | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT f.*, (SELECT count(*)::int FROM placement p WHERE p.facility_id = f.id AND p.ended_at IS NULL) AS occupancy
         FROM facility f
        WHERE f.id = $1 AND f.office_code = ANY ($2::text[])`,
      [facilityId, offices],
    );
    return rows.length > 0 ? withOccupancy(rows[0]) : null;
  }
}

function withOccupancy(row: Record<string, unknown>): FacilityWithOccupancy {
  return {
    facility: {
      id: row.id as string,
      officeCode: row.office_code as string,
      name: row.name as string,
      type: row.type as string,
      capacity: row.capacity as number,
      settings: row.settings as string[],
      accreditation: row.accreditation as string | null,
      registeredBy: row.registered_by as string,
      registeredAt: row.registered_at as Date,
    },
    occupancy: row.occupancy as number,
  };
}
