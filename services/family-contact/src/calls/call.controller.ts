import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../records/family-record.controller';
import { FamilyRecordView } from '../records/family-record.view';
import { LogCallDto } from './call.dto';
import { CallService } from './call.service';

@ApiTags('calls')
@Controller('v1/cases')
export class CallController {
  constructor(private readonly calls: CallService) {}

  @Post(':caseId/calls')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Log a free phone call offered to the child: made (with its outcome) or declined (LM-18)' })
  @ApiCaseId()
  public async log(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: LogCallDto,
  ): Promise<FamilyRecordView> {
    return this.calls.log(caller, caseId, body);
  }
}
