import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { MIGRATION_POINT_CODE_MAX_LENGTH, MIGRATION_POINT_CODE_PATTERN } from '@opis/contracts-intake';
import { Caller, created, CurrentCaller, OFFICE_REFERENCE_WRITERS, Page, REFERENCE_READERS, Roles } from '@opis/platform';

import { MigrationPointDto, MigrationPointQuery } from './migration-point.dto';
import { MigrationPointRow } from './migration-point.repository';
import { MigrationPointService } from './migration-point.service';

const ApiCodeParam = () =>
  ApiParam({
    name: 'code',
    description: 'The point’s code: its office, then its name in capitals',
    schema: { type: 'string', pattern: MIGRATION_POINT_CODE_PATTERN.source, maxLength: MIGRATION_POINT_CODE_MAX_LENGTH, example: 'CHP-CIUDAD-HIDALGO' },
  });

@ApiTags('reference tables')
@Controller('v1/migration-points')
export class MigrationPointController {
  constructor(private readonly points: MigrationPointService) {}

  @Get()
  @Roles(...REFERENCE_READERS)
  @ApiOperation({ summary: 'The migration points a registration names by code, in the order of their codes; `office` for one office’s' })
  public async list(@Query() query: MigrationPointQuery): Promise<Page<MigrationPointRow>> {
    return this.points.list(query);
  }

  @Get(':code')
  @Roles(...REFERENCE_READERS)
  @ApiCodeParam()
  @ApiOperation({ summary: 'One migration point' })
  public async get(@Param('code') code: string): Promise<MigrationPointRow> {
    return this.points.get(code);
  }

  @Put(':code')
  @Roles(...OFFICE_REFERENCE_WRITERS)
  @ApiCodeParam()
  @ApiResponse({ status: 200, description: 'The point changed', schema: { $ref: '#/components/schemas/MigrationPointRow' } })
  @ApiResponse({
    status: 201,
    description: 'The point registered; Location is where it is read',
    headers: { Location: { description: 'Where what was created can be read', schema: { type: 'string' } } },
    schema: { $ref: '#/components/schemas/MigrationPointRow' },
  })
  @ApiOperation({ summary: 'Register or change a migration point (active: false retires it): an office-admin only of its own offices, a national-admin any; audited' })
  public async upsert(
    @CurrentCaller() caller: Caller,
    @Param('code') code: string,
    @Body() body: MigrationPointDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MigrationPointRow> {
    const { saved, registered } = await this.points.upsert(caller, code, body);
    if (registered) created(reply, `/v1/migration-points/${saved.code}`);
    return saved;
  }
}
