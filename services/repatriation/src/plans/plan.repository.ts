import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { PlanStatus } from '@opis/contracts-repatriation';
import { KeysetPosition } from '@opis/platform';

import { PlanHandoverEntity, PlanLegEntity, ReturnPlanEntity } from './plan.entity';

/** A leg as the plan shows it: its plan is the one asked for. */
export type PlanLeg = Omit<PlanLegEntity, 'planId'>;

/** The acta de entrega as recorded by an officer; the database stamps when. */
export type PlanHandover = Omit<PlanHandoverEntity, 'planId' | 'recordedAt'>;

export type NewPlan = Pick<ReturnPlanEntity, 'id' | 'caseId' | 'officeCode' | 'receivingCountry' | 'familyContactId' | 'proposedAt' | 'proposedBy'>;

/** Return plans, their legs and hand-over records: the only code that touches return_plan, plan_leg and plan_handover. */
@Injectable()
export class PlanRepository {
  /** False when the child already has an open plan (return_plan_one_open_idx). */
  public async insert(manager: EntityManager, plan: NewPlan): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO return_plan (id, case_id, office_code, receiving_country, status, family_contact_id, proposed_at, proposed_by)
       VALUES ($1, $2, $3, $4, 'PROPOSED', $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [plan.id, plan.caseId, plan.officeCode, plan.receivingCountry, plan.familyContactId, plan.proposedAt, plan.proposedBy],
    );
    return rows.length === 1;
  }

  public async find(manager: EntityManager, caseId: string, planId: string, options: { lock: boolean } = { lock: false }): Promise<ReturnPlanEntity | null> {
    return manager.findOne(ReturnPlanEntity, { where: { id: planId, caseId }, ...(options.lock ? { lock: { mode: 'pessimistic_write' } } : {}) });
  }

  /** The offices' plans awaiting a supervisor's approval (PROPOSED), oldest first: the longest waiting at the top. */
  public async pageAwaitingApproval(manager: EntityManager, offices: readonly string[], after: KeysetPosition | undefined, limit: number): Promise<ReturnPlanEntity[]> {
    return this.page(manager, `plan.status = 'PROPOSED' AND plan.officeCode = ANY(CAST(:offices AS text[]))`, { offices }, after, limit);
  }

  /** Up to `limit` of the case's plans in the order they were proposed, after `after` (a page's last plan). */
  public async pageByCase(manager: EntityManager, caseId: string, after: KeysetPosition | undefined, limit: number): Promise<ReturnPlanEntity[]> {
    return this.page(manager, `plan.caseId = :caseId`, { caseId }, after, limit);
  }

  /**
   * The case's plans in `statuses`, locked. Every plan of the case is locked first and filtered
   * after: a status filter in the query skips, without waiting, a plan a step is moving into one of
   * those statuses at that moment (PROPOSED being approved), and the lock would miss it (INV-01).
   */
  public async findInStatuses(manager: EntityManager, caseId: string, statuses: readonly PlanStatus[]): Promise<ReturnPlanEntity[]> {
    // Locked by id, then read by a statement of its own: it sees what a step that held the lock committed.
    await manager.query(`SELECT id FROM return_plan WHERE case_id = $1 ORDER BY id FOR UPDATE`, [caseId]);
    const plans = await manager.find(ReturnPlanEntity, { where: { caseId }, order: { id: 'ASC' } });
    return plans.filter((plan) => statuses.includes(plan.status));
  }

  /** When the case's last plan was aborted (null: none was): a return then waits for legal-status to re-plan (INV-01). */
  public async lastAbortAt(manager: EntityManager, caseId: string): Promise<Date | null> {
    // Every step of a return asks this: one statement on return_plan_aborted_idx.
    const rows: Array<{ at: Date | null }> = await manager.query(`SELECT max(aborted_at) AS at FROM return_plan WHERE case_id = $1 AND status = 'ABORTED'`, [caseId]);
    return rows[0]?.at ?? null;
  }

  /** A field left undefined is written as null, as a step that names it means to clear it. */
  public async update(manager: EntityManager, planId: string, change: Partial<Omit<ReturnPlanEntity, 'id' | 'caseId'>>): Promise<void> {
    const entries = Object.entries(change);
    if (entries.length === 0) return;
    await manager.update(ReturnPlanEntity, { id: planId }, Object.fromEntries(entries.map(([key, value]) => [key, value ?? null])));
  }

  /** The case's plans move with it to the receiving office. */
  public async moveOffice(manager: EntityManager, caseId: string, officeCode: string): Promise<void> {
    await manager.update(ReturnPlanEntity, { caseId }, { officeCode });
  }

  public async replaceLegs(manager: EntityManager, planId: string, legs: PlanLeg[]): Promise<void> {
    await manager.delete(PlanLegEntity, { planId });
    for (const leg of legs) {
      await manager.insert(PlanLegEntity, {
        planId,
        seq: leg.seq,
        mode: leg.mode,
        origin: leg.origin,
        destination: leg.destination,
        departsAt: leg.departsAt,
        escortOfficerIds: leg.escortOfficerIds,
      });
    }
  }

  public async legs(manager: EntityManager, planId: string): Promise<PlanLeg[]> {
    return manager.find(PlanLegEntity, {
      select: { seq: true, mode: true, origin: true, destination: true, departsAt: true, escortOfficerIds: true },
      where: { planId },
      order: { seq: 'ASC' },
    });
  }

  public async insertHandover(manager: EntityManager, planId: string, handover: PlanHandover): Promise<void> {
    await manager.insert(PlanHandoverEntity, { ...handover, planId });
  }

  public async handover(manager: EntityManager, planId: string): Promise<PlanHandover | null> {
    return manager.findOne(PlanHandoverEntity, { where: { planId } });
  }

  private async page(manager: EntityManager, where: string, parameters: Record<string, unknown>, after: KeysetPosition | undefined, limit: number): Promise<ReturnPlanEntity[]> {
    const query = manager.createQueryBuilder(ReturnPlanEntity, 'plan').where(where, parameters);
    if (after) query.andWhere('(plan.proposedAt, plan.id) > (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at: after.at, id: after.id });
    return query.orderBy('plan.proposedAt').addOrderBy('plan.id').limit(limit).getMany();
  }
}
