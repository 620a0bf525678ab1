import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { DUE_PROCESS_ITEMS, DueProcessItem } from '@opis/contracts-legal-status';
import { Caller, CaseIdParam, CurrentCaller, InvalidInputError, Roles } from '@opis/platform';

import { LegalRecordView } from '../records/legal-record.view';
import { ChecklistEvidenceDto, OpenProcedureDto, ResolveProcedureDto, SeekReviewDto } from './procedure.dto';
import { ProcedureService } from './procedure.service';

/** The case's id in the path, documented as what CaseIdParam accepts (on a controller: all its routes). */
export const ApiCaseId = (): MethodDecorator & ClassDecorator =>
  ApiParam({ name: 'caseId', description: 'The case’s id', schema: { type: 'string', format: 'uuid' } });

function checklistItem(value: string): DueProcessItem {
  if (!(DUE_PROCESS_ITEMS as readonly string[]).includes(value)) {
    throw new InvalidInputError([{ field: 'item', rule: 'isIn', message: `item must be one of ${DUE_PROCESS_ITEMS.join(', ')}` }]);
  }
  return value as DueProcessItem;
}

@ApiTags('migration procedure')
@ApiCaseId()
@Controller('v1/cases/:caseId/procedure')
export class ProcedureController {
  constructor(private readonly procedures: ProcedureService) {}

  @Post('open')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Open the PAM: only after the Procuraduría notification (LM-05, INV-05)' })
  public async open(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: OpenProcedureDto,
  ): Promise<LegalRecordView> {
    return this.procedures.open(caller, caseId, body);
  }

  @Post('plan-request')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Ask the Procuraduría for the plan de restitución (AWAITING_PLAN)' })
  public async requestPlan(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
  ): Promise<LegalRecordView> {
    return this.procedures.requestPlan(caller, caseId);
  }

  @Put('checklist/:item')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record the evidence of one GD-04 due-process guarantee' })
  @ApiParam({ name: 'item', description: 'The due-process guarantee (GD-04)', enum: DUE_PROCESS_ITEMS })
  public async checklist(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('item') item: string,
    @Body() body: ChecklistEvidenceDto,
  ): Promise<LegalRecordView> {
    return this.procedures.recordChecklistItem(caller, caseId, checklistItem(item), body);
  }

  @Post('resolution')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Resolve the PAM: plan, checklist, child informed; the plan’s measure or a supervisor’s override (LM-06, GD-04, LM-16)' })
  public async resolve(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: ResolveProcedureDto,
  ): Promise<LegalRecordView> {
    return this.procedures.resolve(caller, caseId, body);
  }

  @Post('review')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'An appeal or amparo against the resolution was filed (UNDER_REVIEW)' })
  public async review(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: SeekReviewDto,
  ): Promise<LegalRecordView> {
    return this.procedures.seekReview(caller, caseId, body);
  }
}
