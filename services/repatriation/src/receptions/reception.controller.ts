import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, ApiUuidParam, Caller, created, CurrentCaller, Roles, uuidPipe } from '@opis/platform';


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
    @CurrentCaller() caller: Caller,
    @Body() body: OpenReceptionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceptionView> {
    const reception = await this.receptions.open(caller, body);
    created(reply, receptionLocation(reception.receptionId));
    return reception;
  }

  @Get(':receptionId')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'One reception' })
  @ApiUuidParam('receptionId', 'The reception')
  public async get(@CurrentCaller() caller: Caller, @Param('receptionId', idPipe) id: string): Promise<ReceptionView> {
    return this.receptions.get(caller, id);
  }

  @Post(':receptionId/arrival')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the arrival at a registered point; out of hours for an unaccompanied child is an incident (US-03)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async arrive(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: RecordArrivalDto,
  ): Promise<ReceptionView> {
    return this.receptions.arrive(caller, id, body);
  }

  @Put(':receptionId/case')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Link the case intake registered (entry path RETURNED_FROM_USA, same office)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async linkCase(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: LinkCaseDto,
  ): Promise<ReceptionView> {
    return this.receptions.linkCase(caller, id, body);
  }

  @Put(':receptionId/risk-screen')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the independent risk screen: trafficking, violence at home, fear (US-06)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async riskScreen(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: RiskScreenDto,
  ): Promise<ReceptionView> {
    return this.receptions.riskScreen(caller, id, body);
  }

  @Put(':receptionId/causes-of-migration')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the causes of migration; intrafamily violence holds a family hand-over for a Procuraduría measure (LM-15)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async causes(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: CausesOfMigrationDto,
  ): Promise<ReceptionView> {
    return this.receptions.recordCauses(caller, id, body);
  }

  @Put(':receptionId/procuraduria-measure')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the Procuraduría measure a positive screen requires (US-06, LM-15)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async measure(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: ProcuraduriaMeasureDto,
  ): Promise<ReceptionView> {
    return this.receptions.recordMeasure(caller, id, body);
  }

  @Post(':receptionId/channelling')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Channel the child to a DIF module (US-05)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async channel(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: ChannelDto,
  ): Promise<ReceptionView> {
    return this.receptions.channel(caller, id, body);
  }

  @Post(':receptionId/family-contact')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record that DIF reached a parent or guardian (FAMILY_CONTACTED, US-05); not while a Procuraduría measure is pending' })
  @ApiUuidParam('receptionId', 'The reception')
  public async contactFamily(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: FamilyContactedDto,
  ): Promise<ReceptionView> {
    return this.receptions.contactFamily(caller, id, body);
  }

  @Post(':receptionId/closure')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Close a reception ended with family or the home state’s DIF (DOMAIN.md 4.5 b)' })
  @ApiUuidParam('receptionId', 'The reception')
  public async close(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: CloseReceptionDto,
  ): Promise<ReceptionView> {
    return this.receptions.close(caller, id, body);
  }

  @Post(':receptionId/handover')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    summary: 'Hand over to verified, contacted family after the causes of migration are recorded (US-05, LM-15) or transfer, escorted, to the home state’s DIF (LM-14); never while a Procuraduría measure is pending (US-06)',
  })
  @ApiUuidParam('receptionId', 'The reception')
  public async handOver(
    @CurrentCaller() caller: Caller,
    @Param('receptionId', idPipe) id: string,
    @Body() body: ReceptionHandoverDto,
  ): Promise<ReceptionView> {
    return this.receptions.handOver(caller, id, body);
  }
}
