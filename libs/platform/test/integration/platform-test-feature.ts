// The feature the platform's HTTP test serves: cases registered and read over HTTP, a case's status over request/reply.
import { randomUUID } from 'node:crypto';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { testNamespace } from '@opis/testing';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';

import {
  assertOfficeAccess,
  AuditTrail,
  CurrentPrincipal,
  CurrentRequestMeta,
  PinoLoggerService,
  Principal,
  RequestMeta,
  ResourceNotFoundError,
  Roles,
} from '../../src';

class AgeDto {
  @IsInt()
  @Min(0)
  @Max(25)
  public years!: number;
}

class ChildDto {
  @IsString()
  @MaxLength(200)
  public givenNames!: string;

  @ValidateNested()
  @Type(() => AgeDto)
  public age!: AgeDto;
}

class RegisterCaseDto {
  @IsIn(OFFICE_CODES)
  public officeCode!: OfficeCode;

  @ValidateNested()
  @Type(() => ChildDto)
  public child!: ChildDto;
}

export const caseOffices = new Map<string, OfficeCode>();

export @Controller('v1/cases')
class CasesController {
  constructor(
    private readonly auditTrail: AuditTrail,
    private readonly logger: PinoLoggerService,
  ) {}

  @Post()
  @Roles('officer')
  public async register(
    @Body() dto: RegisterCaseDto,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
  ): Promise<{ caseId: string }> {
    assertOfficeAccess(principal, dto.officeCode);
    this.logger.pino.info({ child: dto.child }, 'registering case');
    const caseId = randomUUID();
    caseOffices.set(caseId, dto.officeCode);
    await this.auditTrail.record({
      actor: principal,
      action: 'case.register',
      caseId,
      officeCode: dto.officeCode,
      outcome: 'allowed',
      sourceIp: meta.sourceIp,
      requestId: meta.requestId,
    });
    return { caseId };
  }

  @Get(':id')
  public read(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): { caseId: string } {
    const office = caseOffices.get(id);
    if (!office) assertOfficeAccess({ ...principal, roles: [], offices: [] }, 'CHP');
    else assertOfficeAccess(principal, office);
    return { caseId: id };
  }
}

export const CASE_STATUS_PATTERN = `opis.platform-test.q.${testNamespace('status')}`;

class CaseStatusQuery {
  @IsUUID()
  public caseId!: string;
}

export @Controller()
class CaseQueriesController {
  @MessagePattern(CASE_STATUS_PATTERN)
  public status(@Payload() query: CaseStatusQuery): never {
    throw new ResourceNotFoundError('case', `CASE_NOT_FOUND_${query.caseId.length}`);
  }
}