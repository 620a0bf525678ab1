import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles } from '@opis/platform';

import { caseIdPipe } from '../records/family-record.controller';
import { ContactService } from './contact.service';
import { ContactView, CreateContactDto, PhoneSearchQuery } from './contact.dto';

/** Names and numbers: officers of the case's office and supervisors only (national included). */
@ApiTags('contacts')
@Controller('v1')
export class ContactController {
  constructor(private readonly contacts: ContactService) {}

  @Post('cases/:caseId/contacts')
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'Record a family member or other adult the child names (names and numbers encrypted)' })
  public async create(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
    @Body() body: CreateContactDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContactView> {
    const contact = await this.contacts.create({ principal, meta }, caseId, body);
    reply.status(201);
    return contact;
  }

  @Get('cases/:caseId/contacts')
  @Roles('officer', 'supervisor', 'national')
  @ApiOperation({ summary: 'The contacts of a case, decrypted; every read is audited' })
  public async list(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('caseId', caseIdPipe) caseId: string,
  ): Promise<ContactView[]> {
    return this.contacts.list({ principal, meta }, caseId);
  }

  @Get('contacts')
  @Roles('officer', 'supervisor', 'national')
  @ApiOperation({ summary: 'Contacts with this phone number (exact match) in your offices; audited' })
  public async search(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Query() query: PhoneSearchQuery,
  ): Promise<ContactView[]> {
    return this.contacts.searchByPhone({ principal, meta }, query.phone);
  }
}
