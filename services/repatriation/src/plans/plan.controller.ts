import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, CurrentRequestMeta, InvalidInputError, Principal, RequestMeta, Roles } from '@opis/platform';

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
import { PlanService } from './plan.service';
import { PlanView } from './plan.view';

const uuidPipe = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new InvalidInputError([{ field, rule: 'isUUID', message: `${field} must be a UUID` }]) });

@ApiTags('return plans')
@Controller('v1/cases/:caseId/return-plans')
export class PlanController {
  constructor(private readonly plans: PlanService) {}

  @Get()
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: "A child's return plans, with the copies of lock, best interests, family and informing they rely on" })
  public async list(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Param('caseId', uuidPipe('caseId')) caseId: string): Promise<PlanView[]> {
    return this.plans.list({ principal, meta }, caseId);
  }

  @Post()
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Propose an assisted return for a foreign child (DOMAIN.md 4.5 a)' })
  public async propose(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Body() body: ProposePlanDto,
  ): Promise<PlanView> {
    return this.plans.propose({ principal, meta }, caseId, body);
  }

  @Get(':planId')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'One return plan' })
  public async get(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
  ): Promise<PlanView> {
    return this.plans.get({ principal, meta }, caseId, planId);
  }

  @Put(':planId/receiving-authority')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the receiving child-protection authority’s acceptance and the official who receives the child, with a contact (LM-13, RP-03)' })
  public async confirmAuthority(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: ConfirmAuthorityDto,
  ): Promise<PlanView> {
    return this.plans.confirmAuthority({ principal, meta }, caseId, planId, body);
  }

  @Put(':planId/trafficking-checklist')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the trafficking checklist: risk assessment in the country of origin, the receiving authority’s protection plan (RP-09)' })
  public async recordTraffickingChecklist(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: TraffickingChecklistDto,
  ): Promise<PlanView> {
    return this.plans.recordTraffickingChecklist({ principal, meta }, caseId, planId, body);
  }

  @Put(':planId/family-unit')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the Procuraduría plan’s endorsement of a family-unit return, checked against legal-status (RP-10, INV-09, RLM-01)' })
  public async endorseFamilyUnit(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: FamilyUnitDto,
  ): Promise<PlanView> {
    return this.plans.endorseFamilyUnit({ principal, meta }, caseId, planId, body);
  }

  @Put(':planId/fitness')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the health check: fit to travel or not (DOMAIN.md 4.5 a)' })
  public async recordFitness(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: RecordFitnessDto,
  ): Promise<PlanView> {
    return this.plans.recordFitness({ principal, meta }, caseId, planId, body);
  }

  @Post(':planId/approval')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Approve: every precondition checked, legal-status asked now; a refusal names every unmet rule (INV-01, INV-02, LM-13, RP-01..06)' })
  public async approve(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
  ): Promise<PlanView> {
    return this.plans.approve({ principal, meta }, caseId, planId);
  }

  @Post(':planId/schedule')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Schedule: point of exit and hand-over time in the country’s window, an escort per leg (RP-07, RP-08, LM-14)' })
  public async schedule(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: SchedulePlanDto,
  ): Promise<PlanView> {
    return this.plans.schedule({ principal, meta }, caseId, planId, body);
  }

  @Post(':planId/departure')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Depart with the escort; legal-status is asked again (INV-01, fail safe)' })
  public async depart(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: DepartDto,
  ): Promise<PlanView> {
    return this.plans.depart({ principal, meta }, caseId, planId, body);
  }

  @Post(':planId/handover')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the acta de entrega to the receiving authority: the custody chain ends (RP-03, INV-08)' })
  public async handOver(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: PlanHandoverDto,
  ): Promise<PlanView> {
    return this.plans.handOver({ principal, meta }, caseId, planId, body);
  }

  @Post(':planId/closure')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Close a handed-over return, with an optional follow-up or reintegration note (DOMAIN.md 4.5 a)' })
  public async close(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: ClosePlanDto,
  ): Promise<PlanView> {
    return this.plans.close({ principal, meta }, caseId, planId, body);
  }

  @Post(':planId/abort')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Abort before hand-over: claim, fear, health or receiving authority failed; urgent while in transit' })
  public async abort(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: AbortPlanDto,
  ): Promise<PlanView> {
    return this.plans.abort({ principal, meta }, caseId, planId, body);
  }
}
