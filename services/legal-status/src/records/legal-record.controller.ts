import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../procedure/procedure.controller';
import { ComingOfAgeDto } from './coming-of-age.dto';
import { ComingOfAgeService } from './coming-of-age.service';
import { LegalRecordViews } from './legal-record-views.service';
import { LegalRecordView } from './legal-record.view';

@ApiTags('legal record')
@ApiCaseId()
@Controller('v1/cases')
export class LegalRecordController {
  constructor(
    private readonly views: LegalRecordViews,
    private readonly comingOfAge: ComingOfAgeService,
  ) {}

  @Get(':caseId/legal')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'The legal record: stay status, procedure, protection with its clocks, the lock, best interests, sessions and duties to inform' })
  public async get(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string): Promise<LegalRecordView> {
    return this.views.get(caller, caseId);
  }

  @Put(':caseId/coming-of-age')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    summary:
      'The day the child turns 18, read in intake’s identity record: on that day the record is flagged for review; every protection already triggered stays (DOMAIN.md 3.4, GD-12)',
  })
  public async comingOfAgeDay(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: ComingOfAgeDto,
  ): Promise<LegalRecordView> {
    return this.comingOfAge.record(caller, caseId, body);
  }
}
