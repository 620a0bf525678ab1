import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../records/family-record.controller';
import { FamilyRecordView } from '../records/family-record.view';
import { NotifyConsulateDto } from './consular.dto';
import { ConsularService } from './consular.service';

@ApiTags('consular notification')
@Controller('v1/cases')
export class ConsularController {
  constructor(private readonly consular: ConsularService) {}

  @Post(':caseId/consular-notifications')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    summary: 'Notify the consulate of the country of origin: refused while a protection need or claim exists, or legal-status does not answer (RP-05, RLM-05, INV-06)',
  })
  @ApiCaseId()
  public async notify(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: NotifyConsulateDto,
  ): Promise<FamilyRecordView> {
    return this.consular.notify(caller, caseId, body);
  }
}
