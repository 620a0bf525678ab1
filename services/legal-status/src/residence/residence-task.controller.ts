import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../procedure/procedure.controller';
import { LegalRecordView } from '../records/legal-record.view';
import { AssignResidenceTaskDto, CompleteResidenceTaskDto } from './residence-task.dto';
import { ResidenceTaskService } from './residence-task.service';

@ApiTags('international protection')
@ApiCaseId()
@Controller('v1/cases/:caseId/residence-task')
export class ResidenceTaskController {
  constructor(private readonly tasks: ResidenceTaskService) {}

  @Post('completion')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'The permanent residence a positive protection decision gives was obtained (LM-17, IP-06)' })
  public async complete(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: CompleteResidenceTaskDto,
  ): Promise<LegalRecordView> {
    return this.tasks.complete(caller, caseId, body);
  }

  @Put('owner')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Give the permanent-residence task to another officer (LM-17)' })
  public async assign(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: AssignResidenceTaskDto,
  ): Promise<LegalRecordView> {
    return this.tasks.assign(caller, caseId, body);
  }
}
