import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseCopyRepository } from '@opis/case-copy';
import { CareFlag, CareNeed, ClosedCareRecordStatus } from '@opis/contracts-care';
import { OfficeCode } from '@opis/contracts-envelope';
import { dueRowsSql, queryPrepared } from '@opis/platform';

import {
  CareDeliveryEntity,
  HealthScreeningEntity,
  IncidentEntity,
  MedicalReferralEntity,
} from '../cases/care-activity.entity';
import { PlacementEntity } from '../facilities/facility.entity';
import { CareNeedEntity, CareRecordEntity } from './care-record.entity';
import { CareTextCipher } from './care-text.cipher';

export type NewCareRecord = Omit<CareRecordEntity, 'createdAt' | 'updatedAt' | 'flags' | 'status' | 'closedAt'> & { flags: CareFlag[] };

export interface DueNeed {
  caseId: string;
  officeCode: OfficeCode;
  need: CareNeed;
  detectedAt: Date;
  dueAt: Date;
}

export interface WorklistRow {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  ageBand: string;
  accompaniment: string;
  flags: string[];
  need: CareNeed;
  dueAt: Date;
}

export interface CareActivity {
  needs: CareNeedEntity[];
  deliveries: CareDeliveryEntity[];
  screenings: HealthScreeningEntity[];
  referrals: MedicalReferralEntity[];
  placements: PlacementEntity[];
  incidents: IncidentEntity[];
}

/**
 * The only code that touches care's record tables. Every method runs in the caller's manager.
 * The child's free text is sealed here on the way in and opened on the way out, so no other code
 * sees a ciphertext or can store the text in clear.
 */
/** Unmet needs of open records past their due time, no overdue event raised yet. */
const DUE_NEEDS_SQL = dueRowsSql({
  // Named as the row type's fields, so the rows are returned as they come.
  select: `n.case_id AS "caseId", r.office_code AS "officeCode", n.need, r.detected_at AS "detectedAt", n.due_at AS "dueAt"`,
  from: 'care_need n JOIN care_record r ON r.case_id = n.case_id',
  pending: `n.met_at IS NULL AND n.overdue_raised_at IS NULL AND r.status = 'OPEN'`,
  dueAt: 'n.due_at',
  office: 'r.office_code',
  claimed: 'n',
});

@Injectable()
export class CareRepository {
  constructor(private readonly text: CareTextCipher) {}

  /** The copy's columns every service's copy of intake's cases shares (@opis/case-copy). */
  public readonly copies = new CaseCopyRepository('care_record');

  /**
   * The record and its checklist in one statement; false when the case already has a record
   * (a second registration event for one case changes nothing).
   */
  public async insertRecordWithNeeds(
    manager: EntityManager,
    record: NewCareRecord,
    dueAt: Record<CareNeed, Date>,
  ): Promise<boolean> {
    const needs = Object.keys(dueAt) as CareNeed[];
    const rows = await queryPrepared(
      manager,
      `WITH new_record AS (
         INSERT INTO care_record (case_id, case_number, office_code, age_band, sex, nationality, accompaniment,
           household_id, detected_at, protection_need_indicated, trafficking_indicators, medical_emergency,
           disability, pregnant, flags, opened_by_event_id, intake_case_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (case_id) DO NOTHING
         RETURNING case_id)
       INSERT INTO care_need (case_id, need, due_at)
       SELECT new_record.case_id, n.need, n.due_at
         FROM new_record, unnest($18::text[], $19::timestamptz[]) AS n(need, due_at)
       RETURNING case_id`,
      [
        record.caseId,
        record.caseNumber,
        record.officeCode,
        record.ageBand,
        record.sex,
        record.nationality,
        record.accompaniment,
        record.householdId,
        record.detectedAt,
        record.protectionNeedIndicated,
        record.traffickingIndicators,
        record.medicalEmergency,
        record.disability,
        record.pregnant,
        record.flags,
        record.openedByEventId,
        record.intakeCaseVersion,
        needs,
        needs.map((need) => dueAt[need]),
      ],
    );
    return rows.length > 0;
  }

  public async findRecord(manager: EntityManager, caseId: string, options: { lock?: boolean } = {}): Promise<CareRecordEntity | null> {
    return manager.findOne(CareRecordEntity, {
      where: { caseId },
      lock: options.lock ? { mode: 'pessimistic_write' } : undefined,
    });
  }

  public async updateRecord(manager: EntityManager, caseId: string, changes: Partial<CareRecordEntity>): Promise<void> {
    await manager.update(CareRecordEntity, { caseId }, { ...changes, updatedAt: new Date() });
  }

  public async addFlag(manager: EntityManager, caseId: string, flag: CareFlag): Promise<void> {
    await manager.query(
      `UPDATE care_record SET flags = array_append(flags, $2::text), updated_at = clock_timestamp()
        WHERE case_id = $1 AND NOT ($2::text = ANY (flags))`,
      [caseId, flag],
    );
  }

  /**
   * Closes an open record; returns the needs still unmet at `closedAt`, or null when the record
   * was closed already (a later intake event of the same hand-over changes nothing).
   */
  public async closeRecord(manager: EntityManager, caseId: string, status: ClosedCareRecordStatus, closedAt: Date): Promise<CareNeed[] | null> {
    const rows: Array<{ unmet: CareNeed[] }> = await manager.query(
      `WITH closed AS (
         UPDATE care_record SET status = $2, closed_at = $3, updated_at = clock_timestamp()
          WHERE case_id = $1 AND status = 'OPEN'
          RETURNING case_id)
       SELECT coalesce(array_agg(n.need ORDER BY n.need) FILTER (WHERE n.need IS NOT NULL), '{}') AS unmet
         FROM closed
         LEFT JOIN care_need n ON n.case_id = closed.case_id AND (n.met_at IS NULL OR n.met_at > $3)
        GROUP BY closed.case_id`,
      [caseId, status, closedAt],
    );
    return rows.length > 0 ? rows[0].unmet : null;
  }

  /** False when a referral for this intake emergency exists already. */
  public async insertReferral(manager: EntityManager, referral: MedicalReferralEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO medical_referral (id, case_id, urgent, reason, screening_id, opened_at, opened_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [referral.id, referral.caseId, referral.urgent, referral.reason, referral.screeningId, referral.openedAt, referral.openedBy],
    );
    return rows.length > 0;
  }

  public async findActivity(manager: EntityManager, caseId: string): Promise<CareActivity> {
    // One after another: inside a transaction the manager has a single connection.
    const needs = await manager.find(CareNeedEntity, { where: { caseId } });
    const deliveries = await manager.find(CareDeliveryEntity, { where: { caseId }, order: { deliveredAt: 'ASC', id: 'ASC' } });
    const screenings = await manager.find(HealthScreeningEntity, { where: { caseId }, order: { screenedAt: 'ASC', id: 'ASC' } });
    const referrals = await manager.find(MedicalReferralEntity, { where: { caseId }, order: { openedAt: 'ASC', id: 'ASC' } });
    const placements = await manager.find(PlacementEntity, { where: { caseId }, order: { placedAt: 'DESC', id: 'DESC' } });
    const incidents = await manager.find(IncidentEntity, { where: { caseId }, order: { occurredAt: 'ASC', id: 'ASC' } });
    return {
      needs,
      deliveries: deliveries.map((delivery) => ({
        ...delivery,
        provided: this.text.open('care_delivery.provided', delivery.id, delivery.provided),
        notes: this.text.openOptional('care_delivery.notes', delivery.id, delivery.notes),
      })),
      screenings: screenings.map((screening) => ({ ...screening, notes: this.text.openOptional('health_screening.notes', screening.id, screening.notes) })),
      referrals,
      placements,
      incidents: incidents.map((incident) => ({ ...incident, notes: this.text.openOptional('incident.notes', incident.id, incident.notes) })),
    };
  }

  /**
   * Sets `met_at` when this is the need's first delivery. Returns the need's due time and whether
   * this delivery met it.
   */
  public async meetNeed(
    manager: EntityManager,
    caseId: string,
    need: CareNeed,
    at: Date,
  ): Promise<{ dueAt: Date; firstDelivery: boolean }> {
    const [row] = (await manager.query(
      `WITH met AS (
         UPDATE care_need SET met_at = $3 WHERE case_id = $1 AND need = $2 AND met_at IS NULL RETURNING due_at)
       SELECT due_at, true AS first FROM met
       UNION ALL
       SELECT due_at, false AS first FROM care_need WHERE case_id = $1 AND need = $2 AND NOT EXISTS (SELECT 1 FROM met)`,
      [caseId, need, at],
    )) as Array<{ due_at: Date; first: boolean }>;
    if (!row) throw new Error(`care need ${need} missing for case ${caseId}`);
    return { dueAt: row.due_at, firstDelivery: row.first };
  }

  public async insertDelivery(manager: EntityManager, delivery: CareDeliveryEntity): Promise<void> {
    await manager.insert(CareDeliveryEntity, {
      ...delivery,
      provided: this.text.seal('care_delivery.provided', delivery.id, delivery.provided),
      notes: this.text.sealOptional('care_delivery.notes', delivery.id, delivery.notes),
    });
  }

  public async insertScreening(manager: EntityManager, screening: HealthScreeningEntity): Promise<void> {
    await manager.insert(HealthScreeningEntity, { ...screening, notes: this.text.sealOptional('health_screening.notes', screening.id, screening.notes) });
  }

  public async insertIncident(manager: EntityManager, incident: IncidentEntity): Promise<void> {
    await manager.insert(IncidentEntity, { ...incident, notes: this.text.sealOptional('incident.notes', incident.id, incident.notes) });
  }

  public async findCurrentPlacement(manager: EntityManager, caseId: string): Promise<PlacementEntity | null> {
    return manager
      .createQueryBuilder(PlacementEntity, 'p')
      .where('p.case_id = :caseId AND p.ended_at IS NULL', { caseId })
      .getOne();
  }

  public async endPlacement(manager: EntityManager, placementId: string, endedAt: Date): Promise<void> {
    await manager.update(PlacementEntity, { id: placementId }, { endedAt });
  }

  public async insertPlacement(manager: EntityManager, placement: PlacementEntity): Promise<void> {
    await manager.insert(PlacementEntity, placement);
  }

  /**
   * Unmet needs past their due time with no overdue event raised yet. `FOR UPDATE SKIP LOCKED`
   * lets several instances scan at once without raising one twice.
   */
  public async findDueNeeds(manager: EntityManager, now: Date, offices: readonly OfficeCode[], limit: number): Promise<DueNeed[]> {
    return manager.query(DUE_NEEDS_SQL, [now, offices, limit]);
  }

  public async markOverdueRaised(manager: EntityManager, caseId: string, need: CareNeed, at: Date): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE care_need SET overdue_raised_at = $3
        WHERE case_id = $1 AND need = $2 AND overdue_raised_at IS NULL
        RETURNING case_id`,
      [caseId, need, at],
    );
    return rows.length > 0;
  }

  /**
   * Unmet needs of the offices' open records, soonest due first (so the overdue ones lead the
   * list), then by case and need; `after` continues past the case due at that time.
   */
  public async worklist(
    manager: EntityManager,
    offices: readonly OfficeCode[],
    limit: number,
    after?: { dueAt: Date; caseId: string },
  ): Promise<WorklistRow[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT r.case_id, r.case_number, r.office_code, r.age_band, r.accompaniment, r.flags, n.need, n.due_at
         FROM care_need n
         JOIN care_record r ON r.case_id = n.case_id
        WHERE n.met_at IS NULL
          AND r.status = 'OPEN'
          AND r.office_code = ANY ($1::text[])
          AND ($3::timestamptz IS NULL OR (n.due_at, n.case_id) > ($3::timestamptz, $4::uuid))
        ORDER BY n.due_at, n.case_id, n.need
        LIMIT $2`,
      [offices, limit, after?.dueAt ?? null, after?.caseId ?? null],
    );
    return rows.map((row) => ({
      caseId: row.case_id as string,
      caseNumber: row.case_number as string,
      officeCode: row.office_code as string,
      ageBand: row.age_band as string,
      accompaniment: row.accompaniment as string,
      flags: row.flags as string[],
      need: row.need as CareNeed,
      dueAt: row.due_at as Date,
    }));
  }
}
