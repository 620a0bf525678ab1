import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, ApiUuidParam, Caller, CaseIdParam, created, CurrentCaller, Page, PageQuery, Roles, uuidPipe } from '@opis/platform';


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
import { PlanAbortService } from './plan-abort.service';
import { PlanService } from './plan.service';
import { PlanView } from './plan.view';
import { ReturnStepsService } from './return-steps.service';

/** Where a plan can be read. */
export const planLocation = (caseId: string, planId: string): string => `/v1/cases/${caseId}/return-plans/${planId}`;

@ApiTags('return plans')
@ApiUuidParam('caseId', 'The case (intake’s case id)')
@Controller('v1/cases/:caseId/return-plans')
export class PlanController {
  constructor(
    private readonly plans: PlanService,
    private readonly returnSteps: ReturnStepsService,
    private readonly aborts: PlanAbortService,
  ) {}

  @Get()
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: "A child's return plans in the order they were proposed, with the copies of lock, best interests, family and informing they rely on" })
  public async list(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Query() query: PageQuery,
  ): Promise<Page<PlanView>> {
    return this.plans.list(caller, caseId, query);
  }

  @Post()
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Propose an assisted return for a foreign child (DOMAIN.md 4.5 a)' })
  @ApiCreated('The plan proposed; Location is where it is read')
  public async propose(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: ProposePlanDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlanView> {
    const plan = await this.plans.propose(caller, caseId, body);
    created(reply, planLocation(caseId, plan.planId));
    return plan;
  }

  @Get(':planId')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'One return plan' })
  @ApiUuidParam('planId', 'The return plan')
  public async get(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
  ): Promise<PlanView> {
    return this.plans.get(caller, caseId, planId);
  }

  @Put(':planId/receiving-authority')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the receiving child-protection authority’s acceptance and the official who receives the child, with a contact (LM-13, RP-03)' })
  @ApiUuidParam('planId', 'The return plan')
  public async confirmAuthority(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: ConfirmAuthorityDto,
  ): Promise<PlanView> {
    return this.plans.confirmAuthority(caller, caseId, planId, body);
  }

  @Put(':planId/trafficking-checklist')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the trafficking checklist: risk assessment in the country of origin, the receiving authority’s protection plan (RP-09)' })
  @ApiUuidParam('planId', 'The return plan')
  public async recordTraffickingChecklist(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: TraffickingChecklistDto,
  ): Promise<PlanView> {
    return this.plans.recordTraffickingChecklist(caller, caseId, planId, body);
  }

  @Put(':planId/family-unit')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the Procuraduría plan’s endorsement of a family-unit return, checked against legal-status (RP-10, INV-09, RLM-01)' })
  @ApiUuidParam('planId', 'The return plan')
  public async endorseFamilyUnit(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: FamilyUnitDto,
  ): Promise<PlanView> {
    return this.plans.endorseFamilyUnit(caller, caseId, planId, body);
  }

  @Put(':planId/fitness')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the health check: fit to travel or not (DOMAIN.md 4.5 a)' })
  @ApiUuidParam('planId', 'The return plan')
  public async recordFitness(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: RecordFitnessDto,
  ): Promise<PlanView> {
    return this.plans.recordFitness(caller, caseId, planId, body);
  }

  @Post(':planId/approval')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Approve: every precondition checked, legal-status asked now; a refusal names every unmet rule (INV-01, INV-02, LM-13, RP-01..06)' })
  @ApiUuidParam('planId', 'The return plan')
  public async approve(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
  ): Promise<PlanView> {
    return this.returnSteps.approve(caller, caseId, planId);
  }

  @Post(':planId/schedule')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Schedule: point of exit and hand-over time in the country’s window, an escort per leg (RP-07, RP-08, LM-14)' })
  @ApiUuidParam('planId', 'The return plan')
  public async schedule(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: SchedulePlanDto,
  ): Promise<PlanView> {
    return this.returnSteps.schedule(caller, caseId, planId, body);
  }

  @Post(':planId/departure')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Depart with the escort; legal-status is asked again (INV-01, fail safe)' })
  @ApiUuidParam('planId', 'The return plan')
  public async depart(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: DepartDto,
  ): Promise<PlanView> {
    return this.returnSteps.depart(caller, caseId, planId, body);
  }

  @Post(':planId/handover')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the acta de entrega to the receiving authority: the custody chain ends (RP-03, INV-08)' })
  @ApiUuidParam('planId', 'The return plan')
  public async handOver(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: PlanHandoverDto,
  ): Promise<PlanView> {
    return this.returnSteps.handOver(caller, caseId, planId, body);
  }

  @Post(':planId/closure')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Close a handed-over return, with an optional follow-up or reintegration note (DOMAIN.md 4.5 a)' })
  @ApiUuidParam('planId', 'The return plan')
  public async close(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: ClosePlanDto,
  ): Promise<PlanView> {
    return this.plans.close(caller, caseId, planId, body);
  }

  @Post(':planId/abort')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Abort before hand-over: claim, fear, health or receiving authority failed; urgent while in transit' })
  @ApiUuidParam('planId', 'The return plan')
  public async abort(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('planId', uuidPipe('planId')) planId: string,
    @Body() body: AbortPlanDto,
  ): Promise<PlanView> {
    return this.aborts.abort(caller, caseId, planId, body);
  }
}
