import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, ApiUuidParam, Caller, created, CurrentCaller, Page, Roles, uuidPipe } from '@opis/platform';

import { AnswerDuplicateInquiryDto, AskDuplicateInquiryDto, DuplicateInquiryQuery } from './duplicate-inquiry.dto';
import { DuplicateInquiryService, DuplicateInquiryView } from './duplicate-inquiry.service';

const ApiInquiryParam = () => ApiUuidParam('inquiryId', 'The inquiry');

@ApiTags('possible duplicates')
@Controller('v1/duplicate-inquiries')
export class DuplicateInquiryController {
  constructor(private readonly inquiries: DuplicateInquiryService) {}

  @Post()
  @Roles('officer', 'supervisor')
  @ApiCreated('The inquiry, open until the other office answers')
  @ApiOperation({ summary: 'Ask another office for the details of a possible duplicate it holds (shown by possibleDuplicates), saying why; audited on both cases' })
  public async ask(
    @CurrentCaller() caller: Caller,
    @Body() body: AskDuplicateInquiryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DuplicateInquiryView> {
    const view = await this.inquiries.ask(caller, body);
    created(reply, `/v1/duplicate-inquiries/${view.inquiryId}`);
    return view;
  }

  @Get()
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'Inquiries asked of your offices (direction=received, the default) or by them (sent), newest first' })
  public async list(
    @CurrentCaller() caller: Caller,
    @Query() query: DuplicateInquiryQuery,
  ): Promise<Page<DuplicateInquiryView>> {
    return this.inquiries.list(caller, query);
  }

  @Get(':inquiryId')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiInquiryParam()
  @ApiOperation({ summary: 'One inquiry; to the office that asked, with the child’s identity once the other office shared it (audited on both cases)' })
  public async get(
    @CurrentCaller() caller: Caller,
    @Param('inquiryId', uuidPipe('inquiryId')) inquiryId: string,
  ): Promise<DuplicateInquiryView> {
    return this.inquiries.get(caller, inquiryId);
  }

  @Post(':inquiryId/answer')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiInquiryParam()
  @ApiOperation({ summary: 'Answer an inquiry asked of your office: share the identity or decline, with a note; audited on both cases' })
  public async answer(
    @CurrentCaller() caller: Caller,
    @Param('inquiryId', uuidPipe('inquiryId')) inquiryId: string,
    @Body() body: AnswerDuplicateInquiryDto,
  ): Promise<DuplicateInquiryView> {
    return this.inquiries.answer(caller, inquiryId, body);
  }
}
