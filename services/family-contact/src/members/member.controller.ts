import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId, ApiContactId, contactIdPipe } from '../records/family-record.controller';
import { FamilyRecordView } from '../records/family-record.view';
import { FlagMemberDto, LocateMemberDto, TracingAttemptDto, VerifyMemberDto } from './member.dto';
import { MemberService } from './member.service';

@ApiTags('tracing and verification')
@Controller('v1/cases')
export class MemberController {
  constructor(private readonly members: MemberService) {}

  @Post(':caseId/tracing-attempts')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Log a tracing attempt (Red Cross family links, DIF networks, consulate: RP-05)' })
  @ApiCaseId()
  public async trace(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: TracingAttemptDto,
  ): Promise<FamilyRecordView> {
    return this.members.recordTracing(caller, caseId, body);
  }

  @Post(':caseId/tracing/not-located')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Conclude tracing: no family member located after the configured days of tracing (DOMAIN.md 4.3)' })
  @ApiCaseId()
  public async concludeNotLocated(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
  ): Promise<FamilyRecordView> {
    return this.members.concludeNotLocated(caller, caseId);
  }

  @Post(':caseId/contacts/:contactId/location')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'A family member was located: verification starts' })
  @ApiCaseId()
  @ApiContactId()
  public async locate(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('contactId', contactIdPipe) contactId: string,
    @Body() body: LocateMemberDto,
  ): Promise<FamilyRecordView> {
    return this.members.locate(caller, caseId, contactId, body);
  }

  @Post(':caseId/contacts/:contactId/verification')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Verify a located person: kinship evidence, the child’s wish, a risk screen, Procuraduría vetting (GD-05)' })
  @ApiCaseId()
  @ApiContactId()
  public async verify(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('contactId', contactIdPipe) contactId: string,
    @Body() body: VerifyMemberDto,
  ): Promise<FamilyRecordView> {
    return this.members.verify(caller, caseId, contactId, body);
  }

  @Post(':caseId/contacts/:contactId/risk-flag')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Flag a person as a possible source of harm or trafficking: never a receiver of the child' })
  @ApiCaseId()
  @ApiContactId()
  public async flag(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('contactId', contactIdPipe) contactId: string,
    @Body() body: FlagMemberDto,
  ): Promise<FamilyRecordView> {
    return this.members.flag(caller, caseId, contactId, body);
  }
}
