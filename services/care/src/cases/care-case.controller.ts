import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { DELIVERED_NEEDS } from '../offered-values';
import { CareCaseService } from './care-case.service';
import { CareCaseView } from './care-case.view';
import { PlaceChildDto, RecordDeliveryDto, RecordHealthScreeningDto, ReportIncidentDto } from './care-commands.dto';

/**
 * Deliveries, screenings, placements and incidents are acts on the child's care record: each
 * answers 200 with the record as it now stands (docs/api.md), where the new entry can be read.
 */
@ApiTags('care')
@ApiParam({ name: 'caseId', format: 'uuid' })
@Controller('v1/cases')
export class CareCaseController {
  constructor(private readonly cases: CareCaseService) {}

  @Get(':caseId')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: "A child's care: needs with due times and deliveries, health, placement, incidents, flags" })
  public async get(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
  ): Promise<CareCaseView> {
    return this.cases.get(caller, caseId);
  }

  @Post(':caseId/needs/:need/deliveries')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record food (each meal), clothing or psychological first aid given to the child' })
  @ApiParam({ name: 'need', enum: DELIVERED_NEEDS, description: 'HEALTH is met by a health screening, REST by a placement' })
  public async recordDelivery(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('need') need: string,
    @Body() body: RecordDeliveryDto,
  ): Promise<CareCaseView> {
    return this.cases.recordDelivery(caller, caseId, need, body);
  }

  @Post(':caseId/health-screenings')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record a health screening (meets HEALTH); an urgent referral opens at once' })
  public async recordHealthScreening(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: RecordHealthScreeningDto,
  ): Promise<CareCaseView> {
    return this.cases.recordHealthScreening(caller, caseId, body);
  }

  @Post(':caseId/placements')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Place the child in a registered facility (LM-08, INV-04, GD-07, INV-09); meets REST' })
  public async place(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: PlaceChildDto,
  ): Promise<CareCaseView> {
    return this.cases.place(caller, caseId, body);
  }

  @Post(':caseId/incidents')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Report an incident; a serious one notifies supervisors and flags the case' })
  public async reportIncident(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: ReportIncidentDto,
  ): Promise<CareCaseView> {
    return this.cases.reportIncident(caller, caseId, body);
  }
}
