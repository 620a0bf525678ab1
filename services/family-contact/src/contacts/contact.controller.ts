import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, Caller, CaseIdParam, created, CurrentCaller, PageQuery, Roles } from '@opis/platform';

import { ApiCaseId, ApiContactId, contactIdPipe } from '../records/family-record.controller';
import { ContactService } from './contact.service';
import { ContactPage, ContactView, CreateContactDto, PhoneSearchQuery } from './contact.dto';

/** Names and numbers: officers of the case's office and supervisors only (national included). */
@ApiTags('contacts')
@Controller('v1')
export class ContactController {
  constructor(private readonly contacts: ContactService) {}

  @Post('cases/:caseId/contacts')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record a family member or other adult the child names (names and numbers encrypted)' })
  @ApiCaseId()
  @ApiCreated('The contact recorded; Location reads it back')
  public async create(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Body() body: CreateContactDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContactView> {
    const contact = await this.contacts.create(caller, caseId, body);
    created(reply, `/v1/cases/${caseId}/contacts/${contact.contactId}`);
    return contact;
  }

  @Get('cases/:caseId/contacts')
  @Roles('officer', 'supervisor', 'national')
  @ApiOperation({ summary: 'The contacts of a case, decrypted, in the order they were named, a page at a time; every read is audited' })
  @ApiCaseId()
  public async list(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Query() query: PageQuery,
  ): Promise<ContactPage> {
    return this.contacts.list(caller, caseId, query);
  }

  @Get('cases/:caseId/contacts/:contactId')
  @Roles('officer', 'supervisor', 'national')
  @ApiOperation({ summary: 'One contact of a case, decrypted; audited' })
  @ApiCaseId()
  @ApiContactId()
  public async get(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
    @Param('contactId', contactIdPipe) contactId: string,
  ): Promise<ContactView> {
    return this.contacts.get(caller, caseId, contactId);
  }

  @Get('contacts')
  @Roles('officer', 'supervisor', 'national')
  @ApiOperation({ summary: 'Contacts with this phone number (exact match) in your offices, newest first, a page at a time; each one found is audited' })
  public async search(
    @CurrentCaller() caller: Caller,
    @Query() query: PhoneSearchQuery,
  ): Promise<ContactPage> {
    return this.contacts.searchByPhone(caller, query);
  }
}
