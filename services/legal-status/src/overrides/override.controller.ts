import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CurrentCaller, Page, PageQuery, Roles } from '@opis/platform';

import { OverrideService, OverrideView } from './override.service';

@ApiTags('migration procedure')
@Controller('v1/procedure-overrides')
export class OverrideController {
  constructor(private readonly overrides: OverrideService) {}

  @Get()
  @Roles('supervisor', 'auditor', 'national')
  @ApiOperation({ summary: "Your offices' migration procedures a supervisor resolved against the plan's measure, with who and why (LM-06), newest first" })
  public async list(@CurrentCaller() caller: Caller, @Query() query: PageQuery): Promise<Page<OverrideView>> {
    return this.overrides.list(caller, query);
  }
}
