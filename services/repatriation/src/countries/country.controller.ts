import { applyDecorators, Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { Caller, created, CurrentCaller, NATIONAL_REFERENCE_WRITERS, OFFICE_REFERENCE_WRITERS, Page, PageQuery, REFERENCE_READERS, Roles } from '@opis/platform';

import { ReceivingCountryDto, RepatriationPointDto } from './country.dto';
import { ReceivingCountryRow, RepatriationPointRow } from './country.repository';
import { CODE, COUNTRY, CountryService } from './country.service';

/** Where a country's arrangement and a point can be read. */
export const countryLocation = (country: string): string => `/v1/receiving-countries/${country}`;
export const pointLocation = (code: string): string => `/v1/repatriation-points/${code}`;

const ApiCountryParam = () =>
  ApiParam({ name: 'country', description: 'The receiving country (ISO 3166-1 alpha-2)', schema: { type: 'string', pattern: COUNTRY.source, example: 'GT' } });
const ApiPointParam = () =>
  ApiParam({ name: 'code', description: 'The repatriation point’s code', schema: { type: 'string', pattern: CODE.source, example: 'MX-BCN-TIJUANA' } });

/**
 * A PUT that registers what did not exist answers 201 with its Location, one that changes it 200;
 * both with the row. Both are documented with it: the generated schema completes only the first.
 */
function ApiRegisteredOrChanged(what: string, schema: string): MethodDecorator {
  const body = { $ref: `#/components/schemas/${schema}` };
  return applyDecorators(
    ApiResponse({ status: 200, description: `${what} changed`, schema: body }),
    ApiResponse({
      status: 201,
      description: `${what} registered; Location is where it is read`,
      headers: { Location: { description: 'Where what was created can be read', schema: { type: 'string' } } },
      schema: body,
    }),
  );
}

@ApiTags('reference tables')
@Controller('v1')
export class CountryController {
  constructor(private readonly countries: CountryService) {}

  @Get('receiving-countries')
  @Roles(...REFERENCE_READERS)
  @ApiOperation({ summary: 'Return arrangements per country, in the order of their codes: points of exit, receiving authorities, window, notice (RP-07, RP-08)' })
  public async list(@Query() query: PageQuery): Promise<Page<ReceivingCountryRow>> {
    return this.countries.list(query);
  }

  @Get('receiving-countries/:country')
  @Roles(...REFERENCE_READERS)
  @ApiCountryParam()
  @ApiOperation({ summary: 'One country’s return arrangement (RP-07, RP-08)' })
  public async get(@Param('country') country: string): Promise<ReceivingCountryRow> {
    return this.countries.get(country);
  }

  @Put('receiving-countries/:country')
  @Roles(...NATIONAL_REFERENCE_WRITERS)
  @ApiCountryParam()
  @ApiRegisteredOrChanged('The arrangement', 'ReceivingCountryRow')
  @ApiOperation({ summary: 'Register or replace a country’s return arrangement (from the operative MOU annex, RP-07, RP-08); national-admin only, audited' })
  public async replace(
    @CurrentCaller() caller: Caller,
    @Param('country') country: string,
    @Body() body: ReceivingCountryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceivingCountryRow> {
    const { saved, registered } = await this.countries.replace(caller, country, body);
    if (registered) created(reply, countryLocation(saved.country));
    return saved;
  }

  @Get('repatriation-points')
  @Roles(...REFERENCE_READERS)
  @ApiOperation({ summary: 'Registered points for children returned from the USA, in the order of their codes, with hours for unaccompanied children (US-03)' })
  public async points(@Query() query: PageQuery): Promise<Page<RepatriationPointRow>> {
    return this.countries.points(query);
  }

  @Get('repatriation-points/:code')
  @Roles(...REFERENCE_READERS)
  @ApiPointParam()
  @ApiOperation({ summary: 'One repatriation point, with its hours for unaccompanied children (US-03)' })
  public async point(@Param('code') code: string): Promise<RepatriationPointRow> {
    return this.countries.point(code);
  }

  @Put('repatriation-points/:code')
  @Roles(...OFFICE_REFERENCE_WRITERS)
  @ApiPointParam()
  @ApiRegisteredOrChanged('The point', 'RepatriationPointRow')
  @ApiOperation({ summary: 'Register or change a repatriation point (from the LRA annexes, US-03): an office-admin only of its own offices, a national-admin any; audited' })
  public async upsertPoint(
    @CurrentCaller() caller: Caller,
    @Param('code') code: string,
    @Body() body: RepatriationPointDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RepatriationPointRow> {
    const { saved, registered } = await this.countries.upsertPoint(caller, code, body);
    if (registered) created(reply, pointLocation(saved.code));
    return saved;
  }
}
