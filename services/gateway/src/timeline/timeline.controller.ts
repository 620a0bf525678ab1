import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiUuidParam, Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { TimelineService } from './timeline.service';

export interface TimelineEntryView {
  eventId: string;
  service: string;
  type: string;
  occurredAt: string;
  actor: { kind: string; id: string };
}

export interface TimelineView {
  caseId: string;
  officeCode: string;
  items: TimelineEntryView[];
}

@ApiTags('timeline')
@Controller('v1/cases')
export class TimelineController {
  constructor(private readonly timelines: TimelineService) {}

  @Get(':caseId/timeline')
  @Roles('officer', 'supervisor', 'auditor', 'national')
  @ApiUuidParam('caseId', 'The case (its id in intake)')
  @ApiOperation({ summary: 'Everything every service recorded about a case, in the order it happened, with who and when (read model fed by events)' })
  public async timeline(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string): Promise<TimelineView> {
    return this.timelines.read(caller, caseId);
  }
}
