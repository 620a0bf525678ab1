import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventActor, OfficeCode } from '@opis/contracts-envelope';
import { AbortReason, OPEN_PLAN_STATUSES, planAbortedV1, PlanStatus } from '@opis/contracts-repatriation';
import { OutboxWriter } from '@opis/messaging';

import { Caller } from '../access/case-access.service';
import { AbortPlanDto } from './plan.dto';
import { ReturnPlanEntity } from './plan.entity';
import { PlanRepository } from './plan.repository';
import { officer, PlanSteps } from './plan-steps.service';
import { PlanView } from './plan.view';

/** A return aborted by an officer, or by legal-status's lock or procedure through the copies (INV-01). */
@Injectable()
export class PlanAbortService {
  constructor(
    private readonly steps: PlanSteps,
    private readonly plans: PlanRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  public async abort(caller: Caller, caseId: string, planId: string, dto: AbortPlanDto): Promise<PlanView> {
    return this.steps.change(caller, 'plan.abort', caseId, planId, OPEN_PLAN_STATUSES, async (manager, copy, plan) => {
      await this.markAborted(manager, copy.officeCode, plan, dto.reason as AbortReason, officer(caller));
      return copy;
    });
  }

  /** From the lock consumer, in its transaction (INV-01). */
  public async abortOpenPlans(manager: EntityManager, caseId: string, statuses: readonly PlanStatus[], reason: AbortReason, actor: EventActor, correlationId?: string): Promise<void> {
    for (const plan of await this.plans.findInStatuses(manager, caseId, statuses)) {
      await this.markAborted(manager, plan.officeCode, plan, reason, actor, correlationId);
    }
  }

  private async markAborted(manager: EntityManager, officeCode: string, plan: ReturnPlanEntity, reason: AbortReason, actor: EventActor, correlationId?: string): Promise<void> {
    const abortedAt = new Date();
    await this.plans.update(manager, plan.id, { status: 'ABORTED', abortedAt, abortReason: reason });
    await this.outbox.appendEvent(manager, planAbortedV1, {
      caseId: plan.caseId,
      officeCode: officeCode as OfficeCode,
      actor,
      correlationId,
      // One instant for both services: legal-status weighs the abort against its resolution by this time, repatriation by aborted_at.
      occurredAt: abortedAt,
      // Aborted on the road: the escort must be reached now.
      data: { planId: plan.id, reason, fromStatus: plan.status, urgent: plan.status === 'IN_TRANSIT' },
    });
  }

}
