import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles } from '@opis/platform';

import { caseIdPipe } from '../procedure/procedure.controller';
import { LegalRecordView } from '../records/legal-record.view';
import { ExplanationQuery, PutExplanationDto, RecordSessionDto } from './informing.dto';
import { ExplanationView, InformingService } from './informing.service';

@ApiTags('informing the child')
@Controller('v1')
export class InformingController {
  constructor(private readonly informing: InformingService) {}

  @Post('cases/:caseId/information-sessions')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record a session informing and hearing the child (LM-16, LM-18, INF-01..04); discharges the duty to inform on its topic' })
  public async session(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Param('caseId', caseIdPipe) caseId: string, @Body() body: RecordSessionDto): Promise<LegalRecordView> {
    return this.informing.recordSession({ principal, meta }, caseId, body);
  }

  @Get('explanations')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national', 'national-admin')
  @ApiOperation({ summary: 'Age-banded explanation texts to read out, by topic, age band (6-11, 12-17, CARER_0-5) and ISO 639-3 language' })
  public async explanations(@Query() query: ExplanationQuery): Promise<ExplanationView[]> {
    return this.informing.explanations(query);
  }

  /**
   * The texts every office reads out to children: national reference data, kept only by a
   * national-admin (issue 19), not by one office's administrator nor by `national`, which reads
   * every office's cases.
   */
  @Put('explanations/:topic/:ageBand/:lang')
  @Roles('national-admin')
  @ApiOperation({ summary: 'Add or replace an explanation text, e.g. in another language (national-admin; audited)' })
  public async putExplanation(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('topic') topic: string,
    @Param('ageBand') ageBand: string,
    @Param('lang') lang: string,
    @Body() body: PutExplanationDto,
  ): Promise<ExplanationView> {
    return this.informing.putExplanation({ principal, meta }, topic, ageBand, lang, body);
  }
}
