import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, Caller, CaseIdParam, created, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../procedure/procedure.controller';
import { legalRecordLocation, LegalRecordView } from '../records/legal-record.view';
import { RecordBestInterestsDto } from './best-interests.dto';
import { BestInterestsService } from './best-interests.service';

@ApiTags('best interests')
@ApiCaseId()
@Controller('v1/cases/:caseId/best-interests')
export class BestInterestsController {
  constructor(private readonly bestInterests: BestInterestsService) {}

  /** The record is read in the legal record, which lists every one (`bestInterests`): that is its Location. */
  @Post()
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record a plan de restitución (PLAN), a BIA or a BID with author, date, options and the child’s views (IP-09, INF-04)' })
  @ApiCreated('The legal record with the best-interests record added; Location is the legal record, which lists it')
  public async record(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: RecordBestInterestsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalRecordView> {
    const record = await this.bestInterests.record(caller, caseId, body);
    created(reply, legalRecordLocation(caseId));
    return record;
  }
}
