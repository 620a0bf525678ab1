import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../records/family-record.controller';
import { FamilyRecordView } from '../records/family-record.view';
import { StateConcernDto } from './concern.dto';
import { ConcernService } from './concern.service';

@ApiTags('tracing and verification')
@Controller('v1/cases')
export class ConcernController {
  constructor(private readonly concerns: ConcernService) {}

  @Post(':caseId/protection-concerns')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record fear of return or a protection need the child stated (about no one person): legal-status acts on it (INV-01, GD-08)' })
  @ApiCaseId()
  public async state(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: StateConcernDto,
  ): Promise<FamilyRecordView> {
    return this.concerns.state(caller, caseId, body);
  }
}
