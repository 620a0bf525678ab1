import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventActor } from '@opis/contracts-envelope';
import { OPEN_PLAN_STATUSES, PlanStatus } from '@opis/contracts-repatriation';
import { DomainError, ResourceNotFoundError } from '@opis/platform';

import { Caller, CaseAccess } from '../access/case-access.service';
import { CaseCopy, CopiesRepository } from '../copies/copies.repository';
import { RepatriationConflict, RepatriationErrorCode } from '../repatriation.exception';
import { ReturnPlanEntity } from './plan.entity';
import { PlanRepository } from './plan.repository';
import { PlanTextCipher } from './plan-text.cipher';
import { planView, PlanView } from './plan.view';
import { LiveLegalStatus, unmetReturnPreconditions, UnmetPrecondition } from './return-rules';

export const officer = (caller: Caller): EventActor => ({ kind: 'officer', id: caller.principal.subject });

/**
 * What every step on a plan runs in: office scope and the audit trail (CaseAccess), the plan
 * locked and its state checked, and the plan read back as its view with what it still lacks.
 */
@Injectable()
export class PlanSteps {
  constructor(
    private readonly access: CaseAccess,
    private readonly plans: PlanRepository,
    private readonly copies: CopiesRepository,
    private readonly text: PlanTextCipher,
  ) {}

  /** What the plan still lacks to go ahead (return-rules.ts); `live` is legal-status's answer now, if asked. */
  public async unmet(manager: EntityManager, copy: CaseCopy, plan: ReturnPlanEntity, live: LiveLegalStatus | undefined): Promise<UnmetPrecondition[]> {
    return unmetReturnPreconditions({
      protectionNeedIndicatedAtIntake: copy.protectionNeedIndicated,
      legal: await this.copies.findLegal(manager, copy.caseId),
      live,
      lastAbortAt: await this.plans.lastAbortAt(manager, copy.caseId),
      traffickingIndicated: copy.traffickingIndicated,
      family: await this.copies.findMembers(manager, copy.caseId),
      plan: {
        receivingCountry: plan.receivingCountry,
        familyContactId: plan.familyContactId,
        // LM-13: the authority, its acceptance, and the official who receives the child with a contact.
        authorityConfirmed: plan.authorityCode !== null && plan.authorityAcceptedAt !== null && plan.authorityOfficialName !== null && plan.authorityOfficialContact !== null,
        takesGuardianship: plan.takesGuardianship,
        fitToTravel: plan.fitToTravel,
        originReturnSafe: plan.originRiskAssessedAt ? plan.originReturnSafe : null,
        protectionPlanConfirmed: plan.protectionPlanConfirmedAt !== null,
      },
    });
  }

  /** 404 before asking legal-status about another office's case; the refusal is audited. */
  public async assertVisible(caller: Caller, action: string, caseId: string): Promise<void> {
    try {
      await this.access.visibleRecord(caller.principal, caseId);
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, action, error, caseId);
      throw error;
    }
  }

  /** Runs `change` on the plan locked, if its state allows the step, and answers the plan as it is then. */
  public async change(
    caller: Caller,
    action: string,
    caseId: string,
    planId: string,
    allowed: readonly PlanStatus[],
    change: (manager: EntityManager, copy: CaseCopy, plan: ReturnPlanEntity) => Promise<CaseCopy>,
  ): Promise<PlanView> {
    return this.access.change(caller, action, caseId, async (manager, copy) => {
      const plan = await this.find(manager, caseId, planId, true);
      if (!allowed.includes(plan.status)) {
        throw new RepatriationConflict(RepatriationErrorCode.PLAN_STATE, `The plan is ${plan.status}; this step needs it ${allowed.join(' or ')}.`);
      }
      await change(manager, copy, plan);
      return this.view(manager, copy, await this.find(manager, caseId, planId, false));
    });
  }

  public async find(manager: EntityManager, caseId: string, planId: string, lock: boolean): Promise<ReturnPlanEntity> {
    const plan = await this.plans.find(manager, caseId, planId, { lock });
    if (!plan) throw new ResourceNotFoundError('return plan', 'PLAN_NOT_FOUND');
    return plan;
  }

  /** The plan as officers see it, the follow-up note opened; an open plan lists what it still lacks. */
  public async view(manager: EntityManager, copy: CaseCopy, plan: ReturnPlanEntity): Promise<PlanView> {
    const [legs, handover, legal, family] = [
      await this.plans.legs(manager, plan.id),
      await this.plans.handover(manager, plan.id),
      await this.copies.findLegal(manager, copy.caseId),
      await this.copies.findMembers(manager, copy.caseId),
    ];
    const open = OPEN_PLAN_STATUSES.includes(plan.status) && plan.status !== 'IN_TRANSIT';
    const opened = { ...plan, followUpNote: this.text.openOptional('return_plan.follow_up_note', plan.id, plan.followUpNote) };
    return planView(opened, legs, handover, legal, family, copy.traffickingIndicated, open ? await this.unmet(manager, copy, plan, undefined) : []);
  }
}
