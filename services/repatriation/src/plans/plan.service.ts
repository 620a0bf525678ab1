import { Injectable } from '@nestjs/common';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { planClosedV1, planProposedV1 } from '@opis/contracts-repatriation';
import { LegalStatusClient } from '@opis/legal-status-client';
import { OutboxWriter } from '@opis/messaging';
import { decodeKeysetCursor, DEFAULT_PAGE_SIZE, encodeKeysetCursor, Page, PageQuery } from '@opis/platform';

import { Caller, CaseAccess } from '../access/case-access.service';
import { CopiesRepository } from '../copies/copies.repository';
import { CountryRepository } from '../countries/country.repository';
import { assertRecordedTime } from '../recorded-time';
import { RepatriationConflict, RepatriationErrorCode, RepatriationRuleViolation, ReturnPreconditionsUnmet } from '../repatriation.exception';
import { ClosePlanDto, ConfirmAuthorityDto, FamilyUnitDto, ProposePlanDto, RecordFitnessDto, TraffickingChecklistDto } from './plan.dto';
import { PlanRepository } from './plan.repository';
import { officer, PlanSteps } from './plan-steps.service';
import { PlanTextCipher } from './plan-text.cipher';
import { PlanView } from './plan.view';
import { awaitsReplan, unmetLegalStatusSilent, unmetProcedure, unmetReplan } from './return-rules';

/**
 * Outbound assisted return (DOMAIN.md 4.5 a): the plan proposed, what officers record on it
 * (the receiving authority, RP-09's checklist, a family unit's endorsement, fitness to travel)
 * and its closing. The steps legal-status clears are ReturnStepsService's; aborts, PlanAbortService's.
 */
@Injectable()
export class PlanService {
  constructor(
    private readonly access: CaseAccess,
    private readonly steps: PlanSteps,
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
      for (const plan of page) items.push(await this.steps.view(manager, copy, plan));
      return { items, nextCursor: last && plans.length > limit ? encodeKeysetCursor({ at: new Date(last.proposedAt), id: last.id }) : null };
    });
  }

  public async get(caller: Caller, caseId: string, planId: string): Promise<PlanView> {
    return this.access.read(caller, 'plan.read', caseId, async (manager, copy) => this.steps.view(manager, copy, await this.steps.find(manager, caseId, planId, false)));
  }

  /**
   * LM-06, DOMAIN.md 4.5 a: a plan is proposed only on a PAM legal-status resolved as
   * ASSISTED_RETURN_APPROVED, asked now (silence is a refusal). A plan is not opened by that
   * event: it needs what only repatriation's officers know (authority, exit point, escorts).
   */
  public async propose(caller: Caller, caseId: string, dto: ProposePlanDto): Promise<PlanView> {
    await this.steps.assertVisible(caller, 'plan.propose', caseId);
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
      return this.steps.view(manager, copy, await this.steps.find(manager, caseId, plan.id, false));
    });
  }

  public async confirmAuthority(caller: Caller, caseId: string, planId: string, dto: ConfirmAuthorityDto): Promise<PlanView> {
    return this.steps.change(caller, 'plan.authority', caseId, planId, ['PROPOSED'], async (manager, copy, plan) => {
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
    return this.steps.change(caller, 'plan.trafficking-checklist', caseId, planId, ['PROPOSED', 'APPROVED'], async (manager, copy, plan) => {
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
    await this.steps.assertVisible(caller, 'plan.family-unit', caseId);
    const status = await this.legalStatus.caseStatus(caseId);
    return this.steps.change(caller, 'plan.family-unit', caseId, planId, ['PROPOSED', 'APPROVED'], async (manager, copy, plan) => {
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
    return this.steps.change(caller, 'plan.fitness', caseId, planId, ['PROPOSED', 'APPROVED', 'SCHEDULED'], async (manager, copy, plan) => {
      assertRecordedTime(dto.assessedAt, 'assessedAt', copy.detectedAt);
      await this.plans.update(manager, plan.id, { fitToTravel: dto.fitToTravel, fitnessAssessedAt: new Date(dto.assessedAt) });
      return copy;
    });
  }

  /** DOMAIN.md 4.5 a: a handed-over return is closed, with an optional follow-up or reintegration note. */
  public async close(caller: Caller, caseId: string, planId: string, dto: ClosePlanDto): Promise<PlanView> {
    return this.steps.change(caller, 'plan.close', caseId, planId, ['HANDED_OVER'], async (manager, copy, plan) => {
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

}
