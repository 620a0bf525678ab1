import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { EventActor, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import {
  AbortReason,
  CheckStage,
  OPEN_PLAN_STATUSES,
  planAbortedV1,
  planApprovedV1,
  planClosedV1,
  planDepartedV1,
  planHandedOverV1,
  planProposedV1,
  planRefusedV1,
  PlanStatus,
  planScheduledV1,
} from '@opis/contracts-repatriation';
import { MoveStep } from '@opis/contracts-legal-status';
import { LegalStatusClient } from '@opis/legal-status-client';
import { OutboxWriter } from '@opis/messaging';
import { decodeKeysetCursor, DEFAULT_PAGE_SIZE, DomainError, encodeKeysetCursor, Page, PageQuery, ResourceNotFoundError } from '@opis/platform';

import { Caller, CaseAccess } from '../access/case-access.service';
import { CaseCopy, CopiesRepository } from '../copies/copies.repository';
import { CountryRepository } from '../countries/country.repository';
import { assertRecordedTime } from '../recorded-time';
import { RepatriationConflict, RepatriationErrorCode, RepatriationRuleViolation, ReturnPreconditionsUnmet } from '../repatriation.exception';
import {
  AbortPlanDto,
  ClosePlanDto,
  ConfirmAuthorityDto,
  DepartDto,
  FamilyUnitDto,
  PlanHandoverDto,
  ProposePlanDto,
  RecordFitnessDto,
  SchedulePlanDto,
  TraffickingChecklistDto,
} from './plan.dto';
import { PlanRepository, PlanRow } from './plan.repository';
import { PlanTextCipher } from './plan-text.cipher';
import { planView, PlanView } from './plan.view';
import {
  awaitsReplan,
  LiveLegalStatus,
  unmetLegalStatusSilent,
  unmetProcedure,
  unmetReplan,
  unmetReturnPreconditions,
  unmetScheduleRules,
  UnmetPrecondition,
} from './return-rules';

const officer = (caller: Caller): EventActor => ({ kind: 'officer', id: caller.principal.subject });

/**
 * Outbound assisted return (DOMAIN.md 4.5 a): proposal, the preconditions checked at approval,
 * scheduling and departure (legal-status asked at approval and departure, fail safe), the
 * hand-over record that closes the plan, and aborts.
 */
@Injectable()
export class PlanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly plans: PlanRepository,
    private readonly copies: CopiesRepository,
    private readonly countries: CountryRepository,
    private readonly outbox: OutboxWriter,
    private readonly legalStatus: LegalStatusClient,
    private readonly text: PlanTextCipher,
  ) {}

  /** The case's plans in the order they were proposed, a page at a time (docs/api.md, Lists). */
  public async list(caller: Caller, caseId: string, query: PageQuery): Promise<Page<PlanView>> {
    // The cursor is read before the case: a malformed one is a 400 whatever the case.
    const after = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    return this.access.read(caller, 'plan.read', caseId, async (manager, copy) => {
      const plans = await this.plans.pageByCase(manager, caseId, after, limit + 1);
      const page = plans.slice(0, limit);
      const last = page.at(-1);
      const items: PlanView[] = [];
      for (const plan of page) items.push(await this.view(manager, copy, plan));
      return { items, nextCursor: last && plans.length > limit ? encodeKeysetCursor({ at: new Date(last.proposedAt), id: last.id }) : null };
    });
  }

  public async get(caller: Caller, caseId: string, planId: string): Promise<PlanView> {
    return this.access.read(caller, 'plan.read', caseId, async (manager, copy) => this.view(manager, copy, await this.mustFind(manager, caseId, planId, false)));
  }

  /**
   * LM-06, DOMAIN.md 4.5 a: a plan is proposed only on a PAM legal-status resolved as
   * ASSISTED_RETURN_APPROVED, asked now (silence is a refusal). A plan is not opened by that
   * event: it needs what only repatriation's officers know (authority, exit point, escorts).
   */
  public async propose(caller: Caller, caseId: string, dto: ProposePlanDto): Promise<PlanView> {
    await this.assertVisible(caller, 'plan.propose', caseId);
    const status = await this.legalStatus.caseStatus(caseId);
    return this.access.change(caller, 'plan.propose', caseId, async (manager, copy) => {
      // LM-13: assisted return is for a foreign child; a Mexican child is received (4.5 b), not returned.
      if (copy.nationality === 'MX') {
        throw new RepatriationRuleViolation(RepatriationErrorCode.NOT_A_FOREIGN_CHILD, 'An assisted return is for a foreign child; this child is Mexican.', 'LM-13');
      }
      const [arrangement] = await this.countries.countries(manager, dto.receivingCountry);
      if (!arrangement) {
        throw new RepatriationRuleViolation(RepatriationErrorCode.COUNTRY_NOT_ARRANGED, `No return arrangement is registered for ${dto.receivingCountry}.`, 'RP-07', [
          { field: 'receivingCountry', rule: 'RP-07', message: 'no arrangement registered for this country' },
        ]);
      }
      if (status.kind === 'silent') throw new ReturnPreconditionsUnmet('PROPOSAL', [unmetLegalStatusSilent(status.why)]);
      if (!status.reply.assistedReturnResolved) throw new ReturnPreconditionsUnmet('PROPOSAL', [unmetProcedure()]);
      // legal-status may answer resolved for a PAM whose return was aborted before it heard of it.
      const lastAbortAt = await this.plans.lastAbortAt(manager, caseId);
      if (lastAbortAt && awaitsReplan(lastAbortAt, (await this.copies.findLegal(manager, caseId))?.procedureResolvedAt)) {
        throw new ReturnPreconditionsUnmet('PROPOSAL', [unmetReplan(lastAbortAt)]);
      }
      // The family named must be this child's, as family-contact published it: another case's (or
      // another office's) contact id is refused like an unknown one (issue 19, cross-case ids).
      if (dto.familyContactId && !(await this.copies.findMembers(manager, caseId)).some((member) => member.contactId === dto.familyContactId)) {
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.FAMILY_MEMBER_NOT_OF_CASE,
          'No family member of this child with that id has reached repatriation from family-contact (locate them there first, or try again in a moment).',
          'RP-06',
          [{ field: 'familyContactId', rule: 'memberOfCase', message: "must be one of this child's family members known to family-contact" }],
        );
      }
      const plan = {
        id: uuidv7(),
        caseId,
        officeCode: copy.officeCode,
        receivingCountry: dto.receivingCountry,
        familyContactId: dto.familyContactId ?? null,
        proposedAt: new Date(),
        proposedBy: caller.principal.subject,
      };
      if (!(await this.plans.insert(manager, plan))) {
        throw new RepatriationConflict(RepatriationErrorCode.PLAN_ALREADY_OPEN, 'The child already has an open return plan; abort it or finish it first.');
      }
      await this.outbox.appendEvent(manager, planProposedV1, {
        caseId,
        officeCode: copy.officeCode as OfficeCode,
        actor: officer(caller),
        data: { planId: plan.id, receivingCountry: plan.receivingCountry, ageBand: copy.ageBand, sex: copy.sex, nationality: copy.nationality, accompaniment: copy.accompaniment },
      });
      return this.view(manager, copy, await this.mustFind(manager, caseId, plan.id, false));
    });
  }

  public async confirmAuthority(caller: Caller, caseId: string, planId: string, dto: ConfirmAuthorityDto): Promise<PlanView> {
    return this.changePlan(caller, 'plan.authority', caseId, planId, ['PROPOSED'], async (manager, copy, plan) => {
      assertRecordedTime(dto.acceptedAt, 'acceptedAt', copy.detectedAt);
      const [arrangement] = await this.countries.countries(manager, plan.receivingCountry);
      if (!arrangement?.authorities.some((authority) => authority.code === dto.authorityCode)) {
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.AUTHORITY_NOT_REGISTERED,
          `${dto.authorityCode} is not a registered receiving authority of ${plan.receivingCountry}.`,
          'RP-03',
          [{ field: 'authorityCode', rule: 'RP-03', message: 'not a registered receiving authority of the receiving country' }],
        );
      }
      await this.plans.update(manager, plan.id, {
        authorityCode: dto.authorityCode,
        authorityOfficialPosition: dto.officialPosition,
        authorityOfficialName: dto.officialName,
        authorityOfficialContact: dto.officialContact,
        authorityAcceptedAt: new Date(dto.acceptedAt),
        takesGuardianship: dto.takesGuardianship,
      });
      return copy;
    });
  }

  /** RP-09: the trafficking checklist (assessment in the country of origin, the authority's protection plan). */
  public async recordTraffickingChecklist(caller: Caller, caseId: string, planId: string, dto: TraffickingChecklistDto): Promise<PlanView> {
    return this.changePlan(caller, 'plan.trafficking-checklist', caseId, planId, ['PROPOSED', 'APPROVED'], async (manager, copy, plan) => {
      assertRecordedTime(dto.originRiskAssessedAt, 'originRiskAssessedAt', copy.detectedAt);
      assertRecordedTime(dto.protectionPlanConfirmedAt, 'protectionPlanConfirmedAt', copy.detectedAt);
      await this.plans.update(manager, plan.id, {
        originRiskReference: dto.originRiskAssessmentReference,
        originRiskAssessedAt: new Date(dto.originRiskAssessedAt),
        originReturnSafe: dto.returnSafe,
        protectionPlanReference: dto.protectionPlanReference,
        protectionPlanConfirmedAt: new Date(dto.protectionPlanConfirmedAt),
      });
      return copy;
    });
  }

  /**
   * RP-10, INV-09: a family-unit return rests on a Procuraduría plan recommending assisted return
   * that legal-status lists for the case now (RLM-01); silence is a refusal.
   */
  public async endorseFamilyUnit(caller: Caller, caseId: string, planId: string, dto: FamilyUnitDto): Promise<PlanView> {
    await this.assertVisible(caller, 'plan.family-unit', caseId);
    const status = await this.legalStatus.caseStatus(caseId);
    return this.changePlan(caller, 'plan.family-unit', caseId, planId, ['PROPOSED', 'APPROVED'], async (manager, copy, plan) => {
      assertRecordedTime(dto.endorsedAt, 'endorsedAt', copy.detectedAt);
      if (copy.accompaniment === 'UNACCOMPANIED') {
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.FAMILY_UNIT_NOT_ENDORSED,
          'An unaccompanied child has no family unit here to return with; children are returned separately from adults (RP-08, RP-10).',
          'RP-10',
        );
      }
      const determination = status.kind === 'answered' ? status.reply.bestInterests.find((candidate) => candidate.id === dto.bestInterestsId) : undefined;
      if (!determination || determination.type !== 'PLAN' || determination.recommendedMeasure !== 'ASSISTED_RETURN') {
        const why =
          status.kind === 'silent'
            ? 'legal-status did not confirm it (no answer means no)'
            : determination
              ? 'not a Procuraduría plan recommending assisted return'
              : 'legal-status holds no such determination for this case';
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.FAMILY_UNIT_NOT_ENDORSED,
          `A family-unit return needs the Procuraduría’s plan recommending the return, as legal-status holds it: ${why} (RP-10, RLM-01).`,
          'RP-10',
          [{ field: 'bestInterestsId', rule: 'RP-10', message: why }],
        );
      }
      await this.plans.update(manager, plan.id, {
        familyUnitBestInterestsId: dto.bestInterestsId,
        familyUnitAdultRelationship: dto.adultRelationship,
        familyUnitEndorsedAt: new Date(dto.endorsedAt),
        familyUnitRecordedBy: caller.principal.subject,
      });
      return copy;
    });
  }

  public async recordFitness(caller: Caller, caseId: string, planId: string, dto: RecordFitnessDto): Promise<PlanView> {
    return this.changePlan(caller, 'plan.fitness', caseId, planId, ['PROPOSED', 'APPROVED', 'SCHEDULED'], async (manager, copy, plan) => {
      assertRecordedTime(dto.assessedAt, 'assessedAt', copy.detectedAt);
      await this.plans.update(manager, plan.id, { fitToTravel: dto.fitToTravel, fitnessAssessedAt: new Date(dto.assessedAt) });
      return copy;
    });
  }

  /** INV-01, INV-02, LM-06, LM-13, RP-01..06: every precondition, with legal-status asked now (fail safe). */
  public async approve(caller: Caller, caseId: string, planId: string): Promise<PlanView> {
    await this.assertVisible(caller, 'plan.approve', caseId);
    const live = await this.clearMove(caseId, 'RETURN_APPROVAL', planId);
    return this.checked('APPROVAL', caller, caseId, planId, () =>
      this.changePlan(caller, 'plan.approve', caseId, planId, ['PROPOSED'], async (manager, copy, plan) => {
        const unmet = await this.unmet(manager, copy, plan, live.status);
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
    await this.assertVisible(caller, 'plan.schedule', caseId);
    const live = await this.clearMove(caseId, 'RETURN_SCHEDULING', planId);
    return this.checked('SCHEDULING', caller, caseId, planId, () =>
      this.changePlan(caller, 'plan.schedule', caseId, planId, ['APPROVED'], async (manager, copy, plan) => {
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
        const unmet = [...(await this.unmet(manager, copy, plan, live.status)), ...scheduleUnmet];
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
    await this.assertVisible(caller, 'plan.depart', caseId);
    const live = await this.clearMove(caseId, 'RETURN_DEPARTURE', planId);
    return this.checked('DEPARTURE', caller, caseId, planId, () =>
      this.changePlan(caller, 'plan.depart', caseId, planId, ['SCHEDULED'], async (manager, copy, plan) => {
        if (dto.departedAt) assertRecordedTime(dto.departedAt, 'departedAt', copy.detectedAt);
        const unmet = await this.unmet(manager, copy, plan, live.status);
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
    await this.assertVisible(caller, 'plan.handover', caseId);
    const live = await this.clearMove(caseId, 'RETURN_HANDOVER', planId);
    return this.changePlan(caller, 'plan.handover', caseId, planId, ['IN_TRANSIT'], async (manager, copy, plan) => {
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

  /** DOMAIN.md 4.5 a: a handed-over return is closed, with an optional follow-up or reintegration note. */
  public async close(caller: Caller, caseId: string, planId: string, dto: ClosePlanDto): Promise<PlanView> {
    return this.changePlan(caller, 'plan.close', caseId, planId, ['HANDED_OVER'], async (manager, copy, plan) => {
      if (dto.closedAt) assertRecordedTime(dto.closedAt, 'closedAt', copy.detectedAt);
      const closedAt = dto.closedAt ? new Date(dto.closedAt) : new Date();
      if (plan.handedOverAt && closedAt.getTime() < new Date(plan.handedOverAt).getTime()) {
        throw new RepatriationRuleViolation(RepatriationErrorCode.CLOSED_BEFORE_HANDOVER, 'A return closes after its hand-over.', undefined, [
          { field: 'closedAt', rule: 'afterHandover', message: 'closedAt must not be before the hand-over' },
        ]);
      }
      await this.plans.update(manager, plan.id, {
        status: 'CLOSED',
        closedAt,
        closedBy: caller.principal.subject,
        followUpNote: this.text.sealOptional('return_plan.follow_up_note', plan.id, dto.followUpNote),
      });
      await this.outbox.appendEvent(manager, planClosedV1, {
        caseId,
        officeCode: copy.officeCode as OfficeCode,
        actor: officer(caller),
        data: { planId, closedAt: closedAt.toISOString(), followUpRecorded: dto.followUpNote !== undefined },
      });
      return copy;
    });
  }

  public async abort(caller: Caller, caseId: string, planId: string, dto: AbortPlanDto): Promise<PlanView> {
    return this.changePlan(caller, 'plan.abort', caseId, planId, OPEN_PLAN_STATUSES, async (manager, copy, plan) => {
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

  public async moveOffice(manager: EntityManager, caseId: string, officeCode: string): Promise<void> {
    await manager.query(`UPDATE return_plan SET office_code = $2 WHERE case_id = $1`, [caseId, officeCode]);
  }

  private async markAborted(manager: EntityManager, officeCode: string, plan: PlanRow, reason: AbortReason, actor: EventActor, correlationId?: string): Promise<void> {
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

  private async unmet(manager: EntityManager, copy: CaseCopy, plan: PlanRow, live: LiveLegalStatus | undefined): Promise<UnmetPrecondition[]> {
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

  /** 404 before asking legal-status about another office's case; the refusal is audited. */
  private async assertVisible(caller: Caller, action: string, caseId: string): Promise<void> {
    try {
      await this.access.visibleRecord(caller.principal, caseId);
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, action, error, caseId);
      throw error;
    }
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

  private async changePlan(
    caller: Caller,
    action: string,
    caseId: string,
    planId: string,
    allowed: readonly PlanStatus[],
    change: (manager: EntityManager, copy: CaseCopy, plan: PlanRow) => Promise<CaseCopy>,
  ): Promise<PlanView> {
    return this.access.change(caller, action, caseId, async (manager, copy) => {
      const plan = await this.mustFind(manager, caseId, planId, true);
      if (!allowed.includes(plan.status)) {
        throw new RepatriationConflict(RepatriationErrorCode.PLAN_STATE, `The plan is ${plan.status}; this step needs it ${allowed.join(' or ')}.`);
      }
      await change(manager, copy, plan);
      return this.view(manager, copy, await this.mustFind(manager, caseId, planId, false));
    });
  }

  private async mustFind(manager: EntityManager, caseId: string, planId: string, lock: boolean): Promise<PlanRow> {
    const plan = await this.plans.find(manager, caseId, planId, { lock });
    if (!plan) throw new ResourceNotFoundError('return plan', 'PLAN_NOT_FOUND');
    return plan;
  }

  private async view(manager: EntityManager, copy: CaseCopy, plan: PlanRow): Promise<PlanView> {
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
