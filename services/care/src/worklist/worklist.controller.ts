import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CurrentCaller, Page, Roles } from '@opis/platform';

import { WorklistQuery } from './worklist.query';
import { WorklistItem, WorklistService } from './worklist.service';

@ApiTags('worklist')
@Controller('v1/worklist')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get()
  @Roles('officer', 'supervisor', 'office-admin', 'national')
  @ApiOperation({ summary: "Your offices' unmet needs: overdue first, then due soonest; a case's needs due at one time stay on one page" })
  public async list(
    @CurrentCaller() caller: Caller,
    @Query() query: WorklistQuery,
  ): Promise<Page<WorklistItem>> {
    return this.worklist.list(caller, query);
  }
}
