import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { CurrentPrincipal, CurrentRequestMeta, InvalidInputError, Principal, RequestMeta, Roles } from '@opis/platform';

import { CaseService } from './case.service';
import { CasePage, CaseView, RegistrationResult } from './case.view';
import {
  AssignOfficerDto,
  CorrectCaseDto,
  ExitAdultFlowDto,
  LinkPersonDto,
  RecordDifChannellingDto,
  RecordIdentificationDto,
  RecordMpNotificationDto,
  RecordProcuraduriaNotificationDto,
  RecordScreeningDto,
  TransferCaseDto,
} from './case-commands.dto';
import { ListCasesQuery } from './list-cases.query';
import { RegisterCaseDto } from './register-case.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const caseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new InvalidInputError([{ field: 'caseId', rule: 'isUUID', message: 'caseId must be a UUID' }]),
});

@ApiTags('cases')
@Controller('v1/cases')
export class CaseController {
  constructor(private readonly cases: CaseService) {}

  @Post()
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Register a child met at a migration point' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body: the same case, never a second one.' })
  public async register(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Body() body: RegisterCaseDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new InvalidInputError([
        { field: 'Idempotency-Key', rule: 'isKey', message: 'Idempotency-Key must be 1 to 200 visible ASCII characters' },
      ]);
    }
    const { replayed, ...result } = await this.cases.register({ principal, meta }, body, idempotencyKey);
    reply.status(201).header('location', `/v1/cases/${result.caseId}`);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return result;
  }

  @Get()
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'Cases of your offices, newest first, with filters and a cursor' })
  public async list(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Query() query: ListCasesQuery,
  ): Promise<CasePage> {
    return this.cases.list({ principal, meta }, query);
  }

  @Get(':caseId')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'One case, with its records and deadlines' })
  public async get(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
  ): Promise<CaseView> {
    return this.cases.get({ principal, meta }, caseId);
  }

  @Patch(':caseId')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Correct identity, encounter or screening fields' })
  public async correct(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: CorrectCaseDto,
  ): Promise<CaseView> {
    return this.cases.correct({ principal, meta }, caseId, body);
  }

  @Put(':caseId/assignment')
  @Roles('supervisor', 'office-admin')
  @ApiOperation({ summary: 'Assign the responsible OPIS officer' })
  public async assign(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: AssignOfficerDto,
  ): Promise<CaseView> {
    return this.cases.assign({ principal, meta }, caseId, body);
  }

  @Post(':caseId/transfers')
  @HttpCode(200)
  @Roles('supervisor', 'office-admin', 'national')
  @ApiOperation({ summary: 'Transfer the case to another federal office' })
  public async transfer(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: TransferCaseDto,
  ): Promise<CaseView> {
    return this.cases.transfer({ principal, meta }, caseId, body);
  }

  @Put(':caseId/person')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Link this encounter to a person already known (a possible duplicate)' })
  public async linkPerson(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: LinkPersonDto,
  ): Promise<CaseView> {
    return this.cases.linkPerson({ principal, meta }, caseId, body);
  }

  @Put(':caseId/identification')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the identification complete: a child or presumed one (DOMAIN.md 4.1 IDENTIFYING to SCREENING, GD-12)' })
  public async recordIdentification(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: RecordIdentificationDto,
  ): Promise<CaseView> {
    return this.cases.recordIdentification({ principal, meta }, caseId, body);
  }

  @Put(':caseId/screening')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the screening complete, with its interpreter where needed (DOMAIN.md 4.1, LM-18)' })
  public async recordScreening(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: RecordScreeningDto,
  ): Promise<CaseView> {
    return this.cases.recordScreening({ principal, meta }, caseId, body);
  }

  @Post(':caseId/exit-adult-flow')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Take the person out of the child flow on a competent, documented age determination (GD-12, INV-10)' })
  public async exitAdultFlow(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: ExitAdultFlowDto,
  ): Promise<CaseView> {
    return this.cases.exitAdultFlow({ principal, meta }, caseId, body);
  }

  @Put(':caseId/procuraduria-notification')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the notification to the Procuraduría (LM-01, LM-02)' })
  public async recordProcuraduriaNotification(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: RecordProcuraduriaNotificationDto,
  ): Promise<CaseView> {
    return this.cases.recordProcuraduriaNotification({ principal, meta }, caseId, body);
  }

  @Put(':caseId/dif-channelling')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the hand-over to DIF with the acta de canalización (LM-02, LM-04, GD-14)' })
  public async recordDifChannelling(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: RecordDifChannellingDto,
  ): Promise<CaseView> {
    return this.cases.recordDifChannelling({ principal, meta }, caseId, body);
  }

  @Put(':caseId/mp-notification')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the notice to the Public Prosecutor that trafficking indicators require (RLM-05)' })
  public async recordMpNotification(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: RecordMpNotificationDto,
  ): Promise<CaseView> {
    return this.cases.recordMpNotification({ principal, meta }, caseId, body);
  }

  @Post(':caseId/close')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Close intake: needs both LM-02 records' })
  public async close(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
  ): Promise<CaseView> {
    return this.cases.close({ principal, meta }, caseId);
  }
}
