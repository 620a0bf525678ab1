import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles } from '@opis/platform';

import { caseIdPipe } from '../procedure/procedure.controller';
import { LegalRecordService } from './legal-record.service';
import { LegalRecordView } from './legal-record.view';

@ApiTags('legal record')
@Controller('v1/cases')
export class LegalRecordController {
  constructor(private readonly records: LegalRecordService) {}

  @Get(':caseId/legal')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'The legal record: stay status, procedure, protection with its clocks, the lock, best interests, sessions and duties to inform' })
  public async get(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Param('caseId', caseIdPipe) caseId: string): Promise<LegalRecordView> {
    return this.records.get({ principal, meta }, caseId);
  }
}
