import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { PlanStatus } from '@opis/contracts-repatriation';
import { KeysetPosition } from '@opis/platform';

export interface PlanRow {
  id: string;
  caseId: string;
  officeCode: string;
  receivingCountry: string;
  status: PlanStatus;
  familyContactId: string | null;
  authorityCode: string | null;
  authorityOfficialPosition: string | null;
  /** LM-13: the receiving official's name and contact; personal data, never in an event. */
  authorityOfficialName: string | null;
  authorityOfficialContact: string | null;
  authorityAcceptedAt: Date | null;
  takesGuardianship: boolean;
  /** RP-09's checklist. */
  originRiskReference: string | null;
  originRiskAssessedAt: Date | null;
  originReturnSafe: boolean | null;
  protectionPlanReference: string | null;
  protectionPlanConfirmedAt: Date | null;
  /** RP-10, INV-09: the Procuraduría plan (legal-status's determination) endorsing a family-unit return. */
  familyUnitBestInterestsId: string | null;
  familyUnitAdultRelationship: string | null;
  familyUnitEndorsedAt: Date | null;
  familyUnitRecordedBy: string | null;
  withFamilyAdults: boolean;
  fitToTravel: boolean | null;
  fitnessAssessedAt: Date | null;
  exitPointCode: string | null;
  handoverAt: Date | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  departedAt: Date | null;
  handedOverAt: Date | null;
  abortedAt: Date | null;
  abortReason: string | null;
  closedAt: Date | null;
  closedBy: string | null;
  /** Free text (follow-up, reintegration): kept here sealed (PlanTextCipher), never in an event. */
  followUpNote: string | null;
  proposedAt: Date;
  proposedBy: string;
}

export interface LegRow {
  seq: number;
  mode: string;
  origin: string;
  destination: string;
  departsAt: Date;
  escortOfficerIds: string[];
}

export interface PlanHandoverRow {
  id: string;
  authorityCode: string;
  officialName: string;
  officialPosition: string;
  place: string;
  handedOverAt: Date;
  recordedBy: string;
}

const PLAN_COLUMNS = `id, case_id AS "caseId", office_code AS "officeCode", receiving_country AS "receivingCountry", status,
  family_contact_id AS "familyContactId", authority_code AS "authorityCode", authority_official_position AS "authorityOfficialPosition",
  authority_official_name AS "authorityOfficialName", authority_official_contact AS "authorityOfficialContact",
  authority_accepted_at AS "authorityAcceptedAt", takes_guardianship AS "takesGuardianship", fit_to_travel AS "fitToTravel",
  origin_risk_reference AS "originRiskReference", origin_risk_assessed_at AS "originRiskAssessedAt", origin_return_safe AS "originReturnSafe",
  protection_plan_reference AS "protectionPlanReference", protection_plan_confirmed_at AS "protectionPlanConfirmedAt",
  family_unit_best_interests_id AS "familyUnitBestInterestsId", family_unit_adult_relationship AS "familyUnitAdultRelationship",
  family_unit_endorsed_at AS "familyUnitEndorsedAt", family_unit_recorded_by AS "familyUnitRecordedBy", with_family_adults AS "withFamilyAdults",
  fitness_assessed_at AS "fitnessAssessedAt", exit_point_code AS "exitPointCode", handover_at AS "handoverAt", approved_at AS "approvedAt",
  approved_by AS "approvedBy", departed_at AS "departedAt", handed_over_at AS "handedOverAt", aborted_at AS "abortedAt",
  abort_reason AS "abortReason", closed_at AS "closedAt", closed_by AS "closedBy", follow_up_note AS "followUpNote", proposed_at AS "proposedAt", proposed_by AS "proposedBy"`;

const COLUMN_OF: Record<string, string> = {
  status: 'status',
  familyContactId: 'family_contact_id',
  authorityCode: 'authority_code',
  authorityOfficialPosition: 'authority_official_position',
  authorityOfficialName: 'authority_official_name',
  authorityOfficialContact: 'authority_official_contact',
  authorityAcceptedAt: 'authority_accepted_at',
  takesGuardianship: 'takes_guardianship',
  originRiskReference: 'origin_risk_reference',
  originRiskAssessedAt: 'origin_risk_assessed_at',
  originReturnSafe: 'origin_return_safe',
  protectionPlanReference: 'protection_plan_reference',
  protectionPlanConfirmedAt: 'protection_plan_confirmed_at',
  familyUnitBestInterestsId: 'family_unit_best_interests_id',
  familyUnitAdultRelationship: 'family_unit_adult_relationship',
  familyUnitEndorsedAt: 'family_unit_endorsed_at',
  familyUnitRecordedBy: 'family_unit_recorded_by',
  withFamilyAdults: 'with_family_adults',
  fitToTravel: 'fit_to_travel',
  fitnessAssessedAt: 'fitness_assessed_at',
  exitPointCode: 'exit_point_code',
  handoverAt: 'handover_at',
  approvedAt: 'approved_at',
  approvedBy: 'approved_by',
  departedAt: 'departed_at',
  handedOverAt: 'handed_over_at',
  abortedAt: 'aborted_at',
  abortReason: 'abort_reason',
  closedAt: 'closed_at',
  closedBy: 'closed_by',
  followUpNote: 'follow_up_note',
};

/** Return plans, their legs and hand-over records. */
@Injectable()
export class PlanRepository {
  public async insert(manager: EntityManager, plan: Pick<PlanRow, 'id' | 'caseId' | 'officeCode' | 'receivingCountry' | 'familyContactId' | 'proposedAt' | 'proposedBy'>): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO return_plan (id, case_id, office_code, receiving_country, status, family_contact_id, proposed_at, proposed_by)
       VALUES ($1, $2, $3, $4, 'PROPOSED', $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [plan.id, plan.caseId, plan.officeCode, plan.receivingCountry, plan.familyContactId, plan.proposedAt, plan.proposedBy],
    );
    return rows.length === 1;
  }

  public async find(manager: EntityManager, caseId: string, planId: string, options: { lock: boolean } = { lock: false }): Promise<PlanRow | null> {
    const rows: PlanRow[] = await manager.query(`SELECT ${PLAN_COLUMNS} FROM return_plan WHERE id = $1 AND case_id = $2 ${options.lock ? 'FOR UPDATE' : ''}`, [planId, caseId]);
    return rows[0] ?? null;
  }

  /** The offices' plans awaiting a supervisor's approval (PROPOSED), oldest first: the longest waiting at the top. */
  public async pageAwaitingApproval(manager: EntityManager, offices: readonly string[], after: KeysetPosition | undefined, limit: number): Promise<PlanRow[]> {
    return manager.query(
      `SELECT ${PLAN_COLUMNS} FROM return_plan
        WHERE status = 'PROPOSED' AND office_code = ANY($1::text[]) AND ($2::timestamptz IS NULL OR (proposed_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY proposed_at, id LIMIT $4`,
      [offices, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  /** Up to `limit` of the case's plans in the order they were proposed, after `after` (a page's last plan). */
  public async pageByCase(manager: EntityManager, caseId: string, after: KeysetPosition | undefined, limit: number): Promise<PlanRow[]> {
    return manager.query(
      `SELECT ${PLAN_COLUMNS} FROM return_plan
        WHERE case_id = $1 AND ($2::timestamptz IS NULL OR (proposed_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY proposed_at, id LIMIT $4`,
      [caseId, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * The case's plans in `statuses`, locked. Every plan of the case is locked first and filtered
   * after: a status filter in the query skips, without waiting, a plan a step is moving into one of
   * those statuses at that moment (PROPOSED being approved), and the lock would miss it (INV-01).
   */
  public async findInStatuses(manager: EntityManager, caseId: string, statuses: readonly PlanStatus[]): Promise<PlanRow[]> {
    // Locked by id, then read by a statement of its own: it sees what a step that held the lock committed.
    await manager.query(`SELECT id FROM return_plan WHERE case_id = $1 ORDER BY id FOR UPDATE`, [caseId]);
    const plans = (await manager.query(`SELECT ${PLAN_COLUMNS} FROM return_plan WHERE case_id = $1 ORDER BY id`, [caseId])) as PlanRow[];
    return plans.filter((plan) => statuses.includes(plan.status));
  }

  /** When the case's last plan was aborted (null: none was): a return then waits for legal-status to re-plan (INV-01). */
  public async lastAbortAt(manager: EntityManager, caseId: string): Promise<Date | null> {
    const rows: Array<{ at: Date | null }> = await manager.query(`SELECT max(aborted_at) AS at FROM return_plan WHERE case_id = $1 AND status = 'ABORTED'`, [caseId]);
    return rows[0]?.at ?? null;
  }

  public async update(manager: EntityManager, planId: string, change: Partial<PlanRow>): Promise<void> {
    const entries = Object.entries(change).filter(([key]) => key in COLUMN_OF);
    if (entries.length === 0) return;
    const sets = entries.map(([key], index) => `${COLUMN_OF[key]} = $${index + 2}`);
    await manager.query(`UPDATE return_plan SET ${sets.join(', ')} WHERE id = $1`, [planId, ...entries.map(([, value]) => value)]);
  }

  public async replaceLegs(manager: EntityManager, planId: string, legs: LegRow[]): Promise<void> {
    await manager.query(`DELETE FROM plan_leg WHERE plan_id = $1`, [planId]);
    for (const leg of legs) {
      await manager.query(
        `INSERT INTO plan_leg (plan_id, seq, mode, origin, destination, departs_at, escort_officer_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [planId, leg.seq, leg.mode, leg.origin, leg.destination, leg.departsAt, leg.escortOfficerIds],
      );
    }
  }

  public async legs(manager: EntityManager, planId: string): Promise<LegRow[]> {
    return manager.query(
      `SELECT seq, mode, origin, destination, departs_at AS "departsAt", escort_officer_ids AS "escortOfficerIds" FROM plan_leg WHERE plan_id = $1 ORDER BY seq`,
      [planId],
    );
  }

  public async insertHandover(manager: EntityManager, planId: string, handover: PlanHandoverRow): Promise<void> {
    await manager.query(
      `INSERT INTO plan_handover (id, plan_id, authority_code, official_name, official_position, place, handed_over_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [handover.id, planId, handover.authorityCode, handover.officialName, handover.officialPosition, handover.place, handover.handedOverAt, handover.recordedBy],
    );
  }

  public async handover(manager: EntityManager, planId: string): Promise<PlanHandoverRow | null> {
    const rows: PlanHandoverRow[] = await manager.query(
      `SELECT id, authority_code AS "authorityCode", official_name AS "officialName", official_position AS "officialPosition", place,
              handed_over_at AS "handedOverAt", recorded_by AS "recordedBy" FROM plan_handover WHERE plan_id = $1`,
      [planId],
    );
    return rows[0] ?? null;
  }
}
