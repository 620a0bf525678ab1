import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CurrentCaller, Page, PageQuery, Roles } from '@opis/platform';

import { ApprovalQueueService, PlanAwaitingApprovalView } from './approval-queue.service';

@ApiTags('return plans')
@Controller('v1/return-plans-awaiting-approval')
export class ApprovalQueueController {
  constructor(private readonly queue: ApprovalQueueService) {}

  @Get()
  @Roles('supervisor', 'auditor', 'national')
  @ApiOperation({ summary: "Your offices' return plans awaiting a supervisor's approval, the longest waiting first" })
  public async list(@CurrentCaller() caller: Caller, @Query() query: PageQuery): Promise<Page<PlanAwaitingApprovalView>> {
    return this.queue.list(caller, query);
  }
}
