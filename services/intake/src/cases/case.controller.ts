import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, ApiIfMatch, Caller, CaseIdParam, created, CurrentCaller, Roles, tagResponse } from '@opis/platform';

import {
  AssignOfficerDto,
  CorrectCaseDto,
  ExitAdultFlowDto,
  LinkPersonDto,
  RecordIdentificationDto,
  RecordScreeningDto,
  TransferCaseDto,
} from '../lifecycle/case-commands.dto';
import { CaseLifecycleService } from '../lifecycle/case-lifecycle.service';
import { CaseNotificationService } from '../notifications/case-notification.service';
import { RecordDifChannellingDto, RecordMpNotificationDto, RecordProcuraduriaNotificationDto } from '../notifications/notification-commands.dto';
import { RegisterCaseDto } from '../registration/register-case.dto';
import { RegistrationService } from '../registration/registration.service';
import { CaseReadService } from './case-read.service';
import { CasePage, CaseView, RegistrationResult } from './case.view';
import { ListCasesQuery } from './list-cases.query';

/** The `{caseId}` of a route: the case's id, a UUID. */
const ApiCaseId = (): MethodDecorator => ApiParam({ name: 'caseId', format: 'uuid', description: 'The case id' });

/** A read of a correctable case: its ETag is the version a correction names in If-Match (docs/api.md). */
export const ApiTagged = (description: string): MethodDecorator =>
  applyDecorators(
    ApiResponse({ status: 200, description, headers: { ETag: { description: 'The version of the case, for If-Match on a correction', schema: { type: 'string' } } } }),
  );

@ApiTags('cases')
@Controller('v1/cases')
export class CaseController {
  constructor(
    private readonly lifecycle: CaseLifecycleService,
    private readonly notifications: CaseNotificationService,
    private readonly reads: CaseReadService,
    private readonly registration: RegistrationService,
  ) {}

  @Post()
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Register a child met at a migration point' })
  @ApiCreated('The case registered; Location is where to read it')
  public async register(
    @CurrentCaller() caller: Caller,
    @Body() body: RegisterCaseDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationResult> {
    const result = await this.registration.register(caller, body);
    created(reply, `/v1/cases/${result.caseId}`);
    return result;
  }

  @Get()
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'Cases of your offices, newest first, with filters and a cursor' })
  public async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListCasesQuery,
  ): Promise<CasePage> {
    return this.reads.list(caller, query);
  }

  @Get(':caseId')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'One case, with its records and deadlines' })
  @ApiCaseId()
  @ApiTagged('The case, with its records and deadlines')
  public async get(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const view = await this.reads.get(caller, caseId);
    tagResponse(reply, view.version);
    return view;
  }

  @Patch(':caseId')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Correct identity, encounter or screening fields, against the version read (If-Match)' })
  @ApiCaseId()
  @ApiIfMatch()
  @ApiTagged('The case as corrected; its ETag is the new version')
  public async correct(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: CorrectCaseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const view = await this.lifecycle.correct(caller, caseId, body, ifMatch);
    tagResponse(reply, view.version);
    return view;
  }

  @Put(':caseId/assignment')
  @Roles('supervisor', 'office-admin')
  @ApiOperation({ summary: 'Assign the responsible OPIS officer' })
  @ApiCaseId()
  public async assign(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: AssignOfficerDto,
  ): Promise<CaseView> {
    return this.lifecycle.assign(caller, caseId, body);
  }

  @Post(':caseId/transfers')
  @HttpCode(200)
  @Roles('supervisor', 'office-admin', 'national')
  @ApiOperation({ summary: 'Transfer the case to another federal office' })
  @ApiCaseId()
  public async transfer(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: TransferCaseDto,
  ): Promise<CaseView> {
    return this.lifecycle.transfer(caller, caseId, body);
  }

  @Put(':caseId/person')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Link this encounter to a person already known (a possible duplicate)' })
  @ApiCaseId()
  public async linkPerson(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: LinkPersonDto,
  ): Promise<CaseView> {
    return this.lifecycle.linkPerson(caller, caseId, body);
  }

  @Put(':caseId/identification')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the identification complete: a child or presumed one (DOMAIN.md 4.1 IDENTIFYING to SCREENING, GD-12)' })
  @ApiCaseId()
  public async recordIdentification(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: RecordIdentificationDto,
  ): Promise<CaseView> {
    return this.lifecycle.recordIdentification(caller, caseId, body);
  }

  @Put(':caseId/screening')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the screening complete, with its interpreter where needed (DOMAIN.md 4.1, LM-18)' })
  @ApiCaseId()
  public async recordScreening(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: RecordScreeningDto,
  ): Promise<CaseView> {
    return this.lifecycle.recordScreening(caller, caseId, body);
  }

  @Post(':caseId/exit-adult-flow')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Take the person out of the child flow on a competent, documented age determination (GD-12, INV-10)' })
  @ApiCaseId()
  public async exitAdultFlow(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: ExitAdultFlowDto,
  ): Promise<CaseView> {
    return this.lifecycle.exitAdultFlow(caller, caseId, body);
  }

  @Put(':caseId/procuraduria-notification')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the notification to the Procuraduría (LM-01, LM-02)' })
  @ApiCaseId()
  public async recordProcuraduriaNotification(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: RecordProcuraduriaNotificationDto,
  ): Promise<CaseView> {
    return this.notifications.recordProcuraduriaNotification(caller, caseId, body);
  }

  @Put(':caseId/dif-channelling')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the hand-over to DIF with the acta de canalización (LM-02, LM-04, GD-14)' })
  @ApiCaseId()
  public async recordDifChannelling(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: RecordDifChannellingDto,
  ): Promise<CaseView> {
    return this.notifications.recordDifChannelling(caller, caseId, body);
  }

  @Put(':caseId/mp-notification')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the notice to the Public Prosecutor that trafficking indicators require (RLM-05)' })
  @ApiCaseId()
  public async recordMpNotification(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: RecordMpNotificationDto,
  ): Promise<CaseView> {
    return this.notifications.recordMpNotification(caller, caseId, body);
  }

  @Post(':caseId/close')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Close intake: needs both LM-02 records' })
  @ApiCaseId()
  public async close(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
  ): Promise<CaseView> {
    return this.lifecycle.close(caller, caseId);
  }
}
