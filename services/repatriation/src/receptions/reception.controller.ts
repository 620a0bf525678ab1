import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, ApiUuidParam, created, CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles, uuidPipe } from '@opis/platform';


import {
  CausesOfMigrationDto,
  ChannelDto,
  CloseReceptionDto,
  FamilyContactedDto,
  LinkCaseDto,
  OpenReceptionDto,
  ProcuraduriaMeasureDto,
  ReceptionHandoverDto,
  RecordArrivalDto,
  RiskScreenDto,
} from './reception.dto';
import { ReceptionService } from './reception.service';
import { ReceptionView } from './reception.view';

const idPipe = uuidPipe('receptionId');

/** Where a reception can be read. */
export const receptionLocation = (receptionId: string): string => `/v1/receptions/${receptionId}`;

@ApiTags('receptions')
@Controller('v1/receptions')
export class ReceptionController {
  constructor(private readonly receptions: ReceptionService) {}

  @Post()
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Open a reception from a US notice (US-02)' })
  @ApiCreated('The reception opened; Location is where it is read')
  public async open(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Body() body: OpenReceptionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceptionView> {
    const reception = await this.receptions.open({ principal, meta }, body);
    created(reply, receptionLocation(reception.receptionId));
    return reception;
  }

  @Get(':receptionId')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'One reception' })
  @ApiUuidParam('receptionId', 'The reception')
  public async get(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Param('receptionId', idPipe) id: string): Promise<ReceptionView> {
    return this.receptions.get({ principal, meta }, id);
  }

  @Post(':receptionId/arrival')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the arrival at a registered point; out of hours for an unaccompanied child is an incident (US-03)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async arrive(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: RecordArrivalDto,
  ): Promise<ReceptionView> {
    return this.receptions.arrive({ principal, meta }, id, body);
  }

  @Put(':receptionId/case')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Link the case intake registered (entry path RETURNED_FROM_USA, same office)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async linkCase(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: LinkCaseDto,
  ): Promise<ReceptionView> {
    return this.receptions.linkCase({ principal, meta }, id, body);
  }

  @Put(':receptionId/risk-screen')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the independent risk screen: trafficking, violence at home, fear (US-06)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async riskScreen(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: RiskScreenDto,
  ): Promise<ReceptionView> {
    return this.receptions.riskScreen({ principal, meta }, id, body);
  }

  @Put(':receptionId/causes-of-migration')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the causes of migration; intrafamily violence holds a family hand-over for a Procuraduría measure (LM-15)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async causes(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: CausesOfMigrationDto,
  ): Promise<ReceptionView> {
    return this.receptions.recordCauses({ principal, meta }, id, body);
  }

  @Put(':receptionId/procuraduria-measure')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the Procuraduría measure a positive screen requires (US-06, LM-15)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async measure(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: ProcuraduriaMeasureDto,
  ): Promise<ReceptionView> {
    return this.receptions.recordMeasure({ principal, meta }, id, body);
  }

  @Post(':receptionId/channelling')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Channel the child to a DIF module (US-05)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async channel(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: ChannelDto,
  ): Promise<ReceptionView> {
    return this.receptions.channel({ principal, meta }, id, body);
  }

  @Post(':receptionId/family-contact')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record that DIF reached a parent or guardian (FAMILY_CONTACTED, US-05); not while a Procuraduría measure is pending' })
  @ApiUuidParam('receptionId', 'The reception')
  public async contactFamily(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: FamilyContactedDto,
  ): Promise<ReceptionView> {
    return this.receptions.contactFamily({ principal, meta }, id, body);
  }

  @Post(':receptionId/closure')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Close a reception ended with family or the home state’s DIF (DOMAIN.md 4.5 b)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async close(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: CloseReceptionDto,
  ): Promise<ReceptionView> {
    return this.receptions.close({ principal, meta }, id, body);
  }

  @Post(':receptionId/handover')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    summary: 'Hand over to verified, contacted family after the causes of migration are recorded (US-05, LM-15) or transfer, escorted, to the home state’s DIF (LM-14); never while a Procuraduría measure is pending (US-06)',
  })
  @ApiUuidParam('receptionId', 'The reception')
  public async handOver(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('receptionId', idPipe) id: string,
    @Body() body: ReceptionHandoverDto,
  ): Promise<ReceptionView> {
    return this.receptions.handOver({ principal, meta }, id, body);
  }
}
