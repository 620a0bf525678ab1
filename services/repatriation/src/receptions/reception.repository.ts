import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ReceptionStatus } from '@opis/contracts-repatriation';

export interface ReceptionRow {
  id: string;
  officeCode: string;
  status: ReceptionStatus;
  usAgency: string;
  usStation: string;
  usReference: string;
  expectedPointCode: string;
  expectedAt: Date;
  consulateNotified: boolean;
  usScreeningRecord: boolean;
  pointCode: string | null;
  arrivedAt: Date | null;
  accompaniment: string | null;
  caseId: string | null;
  riskScreenedAt: Date | null;
  riskFindings: string[] | null;
  measureReference: string | null;
  measureIssuedAt: Date | null;
  /** LM-15: why the child had migrated (multi-select); null until recorded. */
  causesOfMigration: string[] | null;
  causesRecordedAt: Date | null;
  /** When the reception went to PROCURADURIA_MEASURE (once). */
  procuraduriaReferredAt: Date | null;
  familyContactId: string | null;
  familyContactedAt: Date | null;
  closedAt: Date | null;
  closedBy: string | null;
  difPlatformId: string | null;
  channelledAt: Date | null;
  handedOverAt: Date | null;
  openedAt: Date;
  openedBy: string;
}

export interface ReceptionHandoverRow {
  id: string;
  kind: string;
  familyContactId: string | null;
  identityEvidence: string[];
  kinshipEvidence: string[];
  homeState: string | null;
  escortOfficerIds: string[];
  handedOverAt: Date;
  recordedBy: string;
}

const COLUMNS = `id, office_code AS "officeCode", status, us_agency AS "usAgency", us_station AS "usStation", us_reference AS "usReference",
  expected_point_code AS "expectedPointCode", expected_at AS "expectedAt", consulate_notified AS "consulateNotified",
  us_screening_record AS "usScreeningRecord", point_code AS "pointCode", arrived_at AS "arrivedAt", accompaniment, case_id AS "caseId",
  risk_screened_at AS "riskScreenedAt", risk_findings AS "riskFindings", measure_reference AS "measureReference",
  measure_issued_at AS "measureIssuedAt", causes_of_migration AS "causesOfMigration", causes_recorded_at AS "causesRecordedAt",
  procuraduria_referred_at AS "procuraduriaReferredAt", family_contact_id AS "familyContactId", family_contacted_at AS "familyContactedAt",
  closed_at AS "closedAt", closed_by AS "closedBy", dif_platform_id AS "difPlatformId", channelled_at AS "channelledAt",
  handed_over_at AS "handedOverAt", opened_at AS "openedAt", opened_by AS "openedBy"`;

const COLUMN_OF: Record<string, string> = {
  status: 'status',
  pointCode: 'point_code',
  arrivedAt: 'arrived_at',
  accompaniment: 'accompaniment',
  caseId: 'case_id',
  riskScreenedAt: 'risk_screened_at',
  riskFindings: 'risk_findings',
  measureReference: 'measure_reference',
  measureIssuedAt: 'measure_issued_at',
  causesOfMigration: 'causes_of_migration',
  causesRecordedAt: 'causes_recorded_at',
  procuraduriaReferredAt: 'procuraduria_referred_at',
  familyContactId: 'family_contact_id',
  familyContactedAt: 'family_contacted_at',
  closedAt: 'closed_at',
  closedBy: 'closed_by',
  difPlatformId: 'dif_platform_id',
  channelledAt: 'channelled_at',
  handedOverAt: 'handed_over_at',
};

/** Receptions of children returned from the USA, their hand-overs and incidents. */
@Injectable()
export class ReceptionRepository {
  public async insert(manager: EntityManager, row: Omit<ReceptionRow, 'status' | 'pointCode' | 'arrivedAt' | 'accompaniment' | 'caseId' | 'riskScreenedAt' | 'riskFindings' | 'measureReference' | 'measureIssuedAt' | 'causesOfMigration' | 'causesRecordedAt' | 'procuraduriaReferredAt' | 'familyContactId' | 'familyContactedAt' | 'closedAt' | 'closedBy' | 'difPlatformId' | 'channelledAt' | 'handedOverAt'>): Promise<void> {
    await manager.query(
      `INSERT INTO reception (id, office_code, status, us_agency, us_station, us_reference, expected_point_code, expected_at, consulate_notified, us_screening_record, opened_at, opened_by)
       VALUES ($1, $2, 'NOTICE_RECEIVED', $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [row.id, row.officeCode, row.usAgency, row.usStation, row.usReference, row.expectedPointCode, row.expectedAt, row.consulateNotified, row.usScreeningRecord, row.openedAt, row.openedBy],
    );
  }

  public async find(manager: EntityManager, id: string, options: { lock: boolean } = { lock: false }): Promise<ReceptionRow | null> {
    const rows: ReceptionRow[] = await manager.query(`SELECT ${COLUMNS} FROM reception WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  public async findByCase(manager: EntityManager, caseId: string): Promise<ReceptionRow | null> {
    const rows: ReceptionRow[] = await manager.query(`SELECT ${COLUMNS} FROM reception WHERE case_id = $1`, [caseId]);
    return rows[0] ?? null;
  }

  public async update(manager: EntityManager, id: string, change: Partial<ReceptionRow>): Promise<void> {
    const entries = Object.entries(change).filter(([key]) => key in COLUMN_OF);
    if (entries.length === 0) return;
    const sets = entries.map(([key], index) => `${COLUMN_OF[key]} = $${index + 2}`);
    await manager.query(`UPDATE reception SET ${sets.join(', ')} WHERE id = $1`, [id, ...entries.map(([, value]) => value)]);
  }

  public async insertHandover(manager: EntityManager, receptionId: string, row: ReceptionHandoverRow): Promise<void> {
    await manager.query(
      `INSERT INTO reception_handover (id, reception_id, kind, family_contact_id, identity_evidence, kinship_evidence, home_state, escort_officer_ids, handed_over_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [row.id, receptionId, row.kind, row.familyContactId, row.identityEvidence, row.kinshipEvidence, row.homeState, row.escortOfficerIds, row.handedOverAt, row.recordedBy],
    );
  }

  public async handover(manager: EntityManager, receptionId: string): Promise<ReceptionHandoverRow | null> {
    const rows: ReceptionHandoverRow[] = await manager.query(
      `SELECT id, kind, family_contact_id AS "familyContactId", identity_evidence AS "identityEvidence", kinship_evidence AS "kinshipEvidence",
              home_state AS "homeState", escort_officer_ids AS "escortOfficerIds", handed_over_at AS "handedOverAt", recorded_by AS "recordedBy"
         FROM reception_handover WHERE reception_id = $1`,
      [receptionId],
    );
    return rows[0] ?? null;
  }

  /** One incident of a kind per reception, however often the arrival is recorded. */
  public async insertIncident(manager: EntityManager, incident: { id: string; kind: string; receptionId: string; pointCode: string; occurredAt: Date }): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO incident (id, kind, reception_id, point_code, occurred_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (reception_id, kind) DO NOTHING RETURNING id`,
      [incident.id, incident.kind, incident.receptionId, incident.pointCode, incident.occurredAt],
    );
    return rows.length === 1;
  }

  public async incidents(manager: EntityManager, receptionId: string): Promise<Array<{ id: string; kind: string; pointCode: string; occurredAt: Date }>> {
    return manager.query(`SELECT id, kind, point_code AS "pointCode", occurred_at AS "occurredAt" FROM incident WHERE reception_id = $1 ORDER BY occurred_at`, [receptionId]);
  }
}
