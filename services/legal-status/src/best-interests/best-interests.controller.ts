import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles } from '@opis/platform';

import { caseIdPipe } from '../procedure/procedure.controller';
import { LegalRecordView } from '../records/legal-record.view';
import { RecordBestInterestsDto } from './best-interests.dto';
import { BestInterestsService } from './best-interests.service';

@ApiTags('best interests')
@Controller('v1/cases/:caseId/best-interests')
export class BestInterestsController {
  constructor(private readonly bestInterests: BestInterestsService) {}

  @Post()
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record a plan de restitución (PLAN), a BIA or a BID with author, date, options and the child’s views (IP-09, INF-04)' })
  public async record(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Param('caseId', caseIdPipe) caseId: string, @Body() body: RecordBestInterestsDto): Promise<LegalRecordView> {
    return this.bestInterests.record({ principal, meta }, caseId, body);
  }
}
