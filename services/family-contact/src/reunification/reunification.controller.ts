import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../records/family-record.controller';
import { FamilyRecordView } from '../records/family-record.view';
import { ReunifyDto } from './reunification.dto';
import { ReunificationService } from './reunification.service';

@ApiTags('reunification')
@Controller('v1/cases')
export class ReunificationController {
  constructor(private readonly reunifications: ReunificationService) {}

  @Post(':caseId/reunification')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Hand the child over to a verified family member, with the signed hand-over record (INV-08)' })
  @ApiCaseId()
  public async reunify(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: ReunifyDto,
  ): Promise<FamilyRecordView> {
    return this.reunifications.reunify(caller, caseId, body);
  }
}
