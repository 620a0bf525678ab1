import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { Caller, CurrentCaller, Roles, tagResponse } from '@opis/platform';

import { CaseReadService } from './case-read.service';
import { ApiTagged } from './case.controller';
import { CaseView } from './case.view';

/**
 * A case found by its number, as officers say and write it (docs/api.md). Its own path, not
 * `/v1/cases/by-number/...`, which a client could not tell from `/v1/cases/{caseId}/...`.
 */
@ApiTags('cases')
@Controller('v1/case-numbers')
export class CaseNumberController {
  constructor(private readonly reads: CaseReadService) {}

  @Get(':caseNumber')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'One case by its number (CHP-2026-000123); another office\'s number is answered as an unknown one' })
  @ApiParam({ name: 'caseNumber', description: 'The case number: office, year, sequence', example: 'CHP-2026-000123', schema: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}-\\d{6}$', maxLength: 15 } })
  @ApiTagged('The case, with its records and deadlines')
  public async getByNumber(
    @CurrentCaller() caller: Caller,
    @Param('caseNumber') caseNumber: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const view = await this.reads.getByNumber(caller, caseNumber);
    tagResponse(reply, view.version);
    return view;
  }
}
