import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { EXPLANATION_AGE_BANDS, INFORM_TOPICS } from '@opis/contracts-legal-status';
import { ApiCreated, Caller, CaseIdParam, created, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../procedure/procedure.controller';
import { legalRecordLocation, LegalRecordView } from '../records/legal-record.view';
import { ExplanationQuery, ISO_639_3, PutExplanationDto, RecordSessionDto } from './informing.dto';
import { ExplanationPage, ExplanationView, InformingService } from './informing.service';

@ApiTags('informing the child')
@Controller('v1')
export class InformingController {
  constructor(private readonly informing: InformingService) {}

  /** The session is read in the legal record, which lists every session: that is its Location. */
  @Post('cases/:caseId/information-sessions')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record a session informing and hearing the child (LM-16, LM-18, INF-01..04); discharges the duty to inform on its topic' })
  @ApiCaseId()
  @ApiCreated('The legal record with the session recorded; Location is the legal record, which lists it')
  public async session(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: RecordSessionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalRecordView> {
    const record = await this.informing.recordSession(caller, caseId, body);
    created(reply, legalRecordLocation(caseId));
    return record;
  }

  @Get('explanations')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national', 'national-admin')
  @ApiOperation({ summary: 'Age-banded explanation texts to read out, by topic, age band (6-11, 12-17, CARER_0-5) and ISO 639-3 language, a page at a time' })
  public async explanations(@Query() query: ExplanationQuery): Promise<ExplanationPage> {
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
  @ApiParam({ name: 'topic', enum: INFORM_TOPICS })
  @ApiParam({ name: 'ageBand', enum: EXPLANATION_AGE_BANDS })
  @ApiParam({ name: 'lang', description: 'ISO 639-3 code of the language, e.g. spa, quc', schema: { type: 'string', pattern: ISO_639_3.source } })
  public async putExplanation(
    @CurrentCaller() caller: Caller,
    @Param('topic') topic: string,
    @Param('ageBand') ageBand: string,
    @Param('lang') lang: string,
    @Body() body: PutExplanationDto,
  ): Promise<ExplanationView> {
    return this.informing.putExplanation(caller, topic, ageBand, lang, body);
  }
}
