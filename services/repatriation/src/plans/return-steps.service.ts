import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { CheckStage, planApprovedV1, planDepartedV1, planHandedOverV1, planRefusedV1, planScheduledV1 } from '@opis/contracts-repatriation';
import { MoveStep } from '@opis/contracts-legal-status';
import { LegalStatusClient } from '@opis/legal-status-client';
import { OutboxWriter } from '@opis/messaging';

import { Caller } from '../access/case-access.service';
import { CopiesRepository } from '../copies/copies.repository';
import { CountryRepository } from '../countries/country.repository';
import { assertRecordedTime } from '../recorded-time';
import { RepatriationErrorCode, RepatriationRuleViolation, ReturnPreconditionsUnmet } from '../repatriation.exception';
import { DepartDto, PlanHandoverDto, SchedulePlanDto } from './plan.dto';
import { PlanRepository } from './plan.repository';
import { officer, PlanSteps } from './plan-steps.service';
import { PlanView } from './plan.view';
import { awaitsReplan, LiveLegalStatus, unmetReplan, unmetScheduleRules } from './return-rules';

/**
 * The steps that move the child (DOMAIN.md 4.5 a): approval, scheduling, departure and the
 * hand-over abroad, each cleared by legal-status now (fail safe: silence is a refusal).
 */
@Injectable()
export class ReturnStepsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly steps: PlanSteps,
    private readonly plans: PlanRepository,
    private readonly copies: CopiesRepository,
    private readonly countries: CountryRepository,
    private readonly outbox: OutboxWriter,
    private readonly legalStatus: LegalStatusClient,
  ) {}

  /** INV-01, INV-02, LM-06, LM-13, RP-01..06: every precondition, with legal-status asked now (fail safe). */
  public async approve(caller: Caller, caseId: string, planId: string): Promise<PlanView> {
    await this.steps.assertVisible(caller, 'plan.approve', caseId);
    const live = await this.clearMove(caseId, 'RETURN_APPROVAL', planId);
    return this.checked('APPROVAL', caller, caseId, planId, () =>
      this.steps.change(caller, 'plan.approve', caseId, planId, ['PROPOSED'], async (manager, copy, plan) => {
        const unmet = await this.steps.unmet(manager, copy, plan, live.status);
        if (unmet.length > 0) throw new ReturnPreconditionsUnmet('APPROVAL', unmet);
        const now = new Date();
        await this.plans.update(manager, plan.id, { status: 'APPROVED', approvedAt: now, approvedBy: caller.principal.subject });
        await this.outbox.appendEvent(manager, planApprovedV1, {
          caseId,
          officeCode: copy.officeCode as OfficeCode,
          actor: officer(caller),
          data: { planId, receivingAuthorityCode: plan.authorityCode as string, legalStatusAsOf: live.asOf ?? now.toISOString() },
        });
        return copy;
      }),
    );
  }

  /** RP-07, RP-08, LM-14, INV-08, and every precondition again, legal-status asked now (fail safe). */
  public async schedule(caller: Caller, caseId: string, planId: string, dto: SchedulePlanDto): Promise<PlanView> {
    await this.steps.assertVisible(caller, 'plan.schedule', caseId);
    const live = await this.clearMove(caseId, 'RETURN_SCHEDULING', planId);
    return this.checked('SCHEDULING', caller, caseId, planId, () =>
      this.steps.change(caller, 'plan.schedule', caseId, planId, ['APPROVED'], async (manager, copy, plan) => {
        const [arrangement] = await this.countries.countries(manager, plan.receivingCountry);
        const handoverAt = new Date(dto.handoverAt);
        const withFamilyAdults = dto.withFamilyAdults ?? false;
        const scheduleUnmet = arrangement
          ? unmetScheduleRules(
              {
                exitPointCode: dto.exitPointCode,
                handoverAt,
                legs: dto.legs,
                withAdultReturns: dto.withAdultReturns,
                withFamilyAdults,
                familyUnitEndorsed: plan.familyUnitEndorsedAt !== null,
              },
              { ...arrangement, exitPointCodes: arrangement.exitPoints.map((point) => point.code) },
              new Date(),
            )
          : [];
        const unmet = [...(await this.steps.unmet(manager, copy, plan, live.status)), ...scheduleUnmet];
        if (!arrangement) throw new RepatriationRuleViolation(RepatriationErrorCode.COUNTRY_NOT_ARRANGED, `No arrangement for ${plan.receivingCountry}.`, 'RP-07');
        if (unmet.length > 0) throw new ReturnPreconditionsUnmet('SCHEDULING', unmet);
        await this.plans.update(manager, plan.id, { status: 'SCHEDULED', exitPointCode: dto.exitPointCode, handoverAt, withFamilyAdults });
        await this.plans.replaceLegs(
          manager,
          plan.id,
          dto.legs.map((leg, index) => ({ ...leg, seq: index + 1, departsAt: new Date(leg.departsAt) })),
        );
        await this.outbox.appendEvent(manager, planScheduledV1, {
          caseId,
          officeCode: copy.officeCode as OfficeCode,
          actor: officer(caller),
          data: {
            planId,
            exitPointCode: dto.exitPointCode,
            handoverAt: handoverAt.toISOString(),
            legs: dto.legs.length,
            escorts: dto.legs.reduce((sum, leg) => sum + leg.escortOfficerIds.length, 0),
            withFamilyAdults,
          },
        });
        return copy;
      }),
    );
  }

  /** INV-01 at the last moment: legal-status is asked again; any lock or silence keeps the child here. */
  public async depart(caller: Caller, caseId: string, planId: string, dto: DepartDto): Promise<PlanView> {
    await this.steps.assertVisible(caller, 'plan.depart', caseId);
    const live = await this.clearMove(caseId, 'RETURN_DEPARTURE', planId);
    return this.checked('DEPARTURE', caller, caseId, planId, () =>
      this.steps.change(caller, 'plan.depart', caseId, planId, ['SCHEDULED'], async (manager, copy, plan) => {
        if (dto.departedAt) assertRecordedTime(dto.departedAt, 'departedAt', copy.detectedAt);
        const unmet = await this.steps.unmet(manager, copy, plan, live.status);
        if (unmet.length > 0) throw new ReturnPreconditionsUnmet('DEPARTURE', unmet);
        const departedAt = dto.departedAt ? new Date(dto.departedAt) : new Date();
        await this.plans.update(manager, plan.id, { status: 'IN_TRANSIT', departedAt });
        await this.outbox.appendEvent(manager, planDepartedV1, {
          caseId,
          officeCode: copy.officeCode as OfficeCode,
          actor: officer(caller),
          data: { planId, departedAt: departedAt.toISOString(), legalStatusAsOf: live.asOf ?? departedAt.toISOString() },
        });
        return copy;
      }),
    );
  }

  /**
   * The acta de entrega closes the plan (RP-03, INV-08). The child is handed to an authority
   * abroad only if legal-status clears it now: a claim filed on the road stops it here (INV-01).
   */
  public async handOver(caller: Caller, caseId: string, planId: string, dto: PlanHandoverDto): Promise<PlanView> {
    await this.steps.assertVisible(caller, 'plan.handover', caseId);
    const live = await this.clearMove(caseId, 'RETURN_HANDOVER', planId);
    return this.steps.change(caller, 'plan.handover', caseId, planId, ['IN_TRANSIT'], async (manager, copy, plan) => {
      assertRecordedTime(dto.handedOverAt, 'handedOverAt', copy.detectedAt);
      const legal = await this.copies.findLegal(manager, caseId);
      if (live.status.kind !== 'answered' || live.status.returnLocked || legal?.returnLocked) {
        const why = live.status.kind === 'answered' ? [...live.status.reasons, ...(legal?.returnLocked ? legal.lockReasons : [])].join(', ') : 'legal-status did not answer';
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.RETURN_LOCKED,
          `The child is not handed over: return is locked or unconfirmed now (${why}). Keep the child in the escort's care.`,
          'INV-01',
        );
      }
      if (!live.status.assistedReturnResolved) {
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.PROCEDURE_NOT_RESOLVED,
          'The child is not handed over: legal-status no longer has the PAM resolved as ASSISTED_RETURN_APPROVED. Keep the child in the escort’s care.',
          'LM-06',
        );
      }
      const lastAbortAt = await this.plans.lastAbortAt(manager, caseId);
      if (lastAbortAt && awaitsReplan(lastAbortAt, legal?.procedureResolvedAt)) {
        const replan = unmetReplan(lastAbortAt);
        throw new RepatriationRuleViolation(RepatriationErrorCode.PROCEDURE_NOT_RESOLVED, `The child is not handed over: ${replan.message} Keep the child in the escort’s care.`, 'LM-06', [
          { field: replan.precondition, rule: replan.rule, message: 'the PAM is not resolved again after the case’s last abort' },
        ]);
      }
      if (dto.authorityCode !== plan.authorityCode) {
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.HANDOVER_AUTHORITY_MISMATCH,
          'The child is handed over only to the receiving authority that confirmed the return (LM-13, RP-03).',
          'RP-03',
          [{ field: 'authorityCode', rule: 'RP-03', message: 'not the confirmed receiving authority' }],
        );
      }
      const handedOverAt = new Date(dto.handedOverAt);
      const handoverId = uuidv7();
      await this.plans.insertHandover(manager, plan.id, {
        id: handoverId,
        authorityCode: dto.authorityCode,
        officialName: dto.officialName,
        officialPosition: dto.officialPosition,
        place: dto.place,
        handedOverAt,
        recordedBy: caller.principal.subject,
      });
      await this.plans.update(manager, plan.id, { status: 'HANDED_OVER', handedOverAt });
      await this.outbox.appendEvent(manager, planHandedOverV1, {
        caseId,
        officeCode: copy.officeCode as OfficeCode,
        actor: officer(caller),
        data: { planId, handoverId, receivingAuthorityCode: dto.authorityCode, exitPointCode: plan.exitPointCode as string, handedOverAt: handedOverAt.toISOString() },
      });
      return copy;
    });
  }

  /**
   * legal-status clears the step now and records it under the case lock (INV-01, GD-08): a claim
   * committed before refuses it; one after aborts the plan through `legal.lock.changed`, which
   * the lock consumer applies under the plan's row lock. Silence is a refusal.
   */
  private async clearMove(caseId: string, step: MoveStep, planId: string): Promise<{ status: LiveLegalStatus; asOf?: string }> {
    const answer = await this.legalStatus.clearMove(caseId, step, `plan:${planId}`);
    if (answer.kind === 'silent') return { status: answer };
    const { reply } = answer;
    return {
      status: {
        kind: 'answered',
        returnLocked: !reply.cleared,
        reasons: reply.reasons,
        bestInterestsRecommendsReturn: reply.bestInterestsRecommendsReturn,
        assistedReturnResolved: reply.assistedReturnResolved,
      },
      asOf: reply.decidedAt,
    };
  }

  /** A refused check is published too (`repatriation.plan.refused`), beside the audit entry. */
  private async checked(stage: CheckStage, caller: Caller, caseId: string, planId: string, run: () => Promise<PlanView>): Promise<PlanView> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ReturnPreconditionsUnmet) {
        await this.dataSource.transaction(async (manager) => {
          const copy = await this.copies.findCase(manager, caseId);
          if (!copy) return;
          await this.outbox.appendEvent(manager, planRefusedV1, {
            caseId,
            officeCode: copy.officeCode as OfficeCode,
            actor: officer(caller),
            data: { planId, stage, unmet: error.unmet.map((item) => item.precondition), rules: [...new Set(error.unmet.map((item) => item.rule))] },
          });
        });
      }
      throw error;
    }
  }

}
